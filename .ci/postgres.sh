#!/usr/bin/env bash
# Gives the tests a real PostgreSQL server (issue 6). Runs as root with no stdin, and may be
# run again at any time: it installs the server from Debian's packages when it is missing,
# creates (once) and starts (when down) the cluster "main" of the newest installed major
# version on 127.0.0.1:$CONSENTRY_PG_PORT only (5432 by default), makes sure the role and
# database `consentry_test` exist with a password, and prints the connection string as the
# LAST line of stdout. Everything else goes to stderr.
# Uses Debian's pg_createcluster/pg_ctlcluster (initdb and the server refuse to run as root;
# these switch to the postgres user themselves); no systemd needed.
set -euo pipefail
PORT="${CONSENTRY_PG_PORT:-5432}"
NAME=main
ROLE=consentry
PASSWORD=consentry
DATABASE=consentry_test
log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
  log "installing PostgreSQL from Debian's packages"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -1)"

if ! pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1==v && $2==n {found=1} END {exit !found}'; then
  log "creating cluster $VERSION/$NAME on port $PORT"
  pg_createcluster "$VERSION" "$NAME" --port "$PORT" >&2
fi
# 127.0.0.1 only, on the chosen port (both take effect at the next start).
# (a drop-in file: pg_conftool would not quote the address.)
pg_conftool "$VERSION" "$NAME" remove listen_addresses >&2
pg_conftool "$VERSION" "$NAME" set port "$PORT" >&2
printf "listen_addresses = '127.0.0.1'\n" >"/etc/postgresql/$VERSION/$NAME/conf.d/consentry.conf"

status() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1==v && $2==n {print $4}'; }
running_port() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1==v && $2==n {print $3}'; }
mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
if [ "$(status)" = online ]; then
  # Already running (a second run, or left from a session): restart only if the
  # settings above changed what it listens on.
  listening="$(runuser -u postgres -- psql -p "$(running_port)" -At -c 'show listen_addresses' 2>/dev/null || true)"
  if [ "$listening" != 127.0.0.1 ]; then
    log "restarting $VERSION/$NAME to listen on 127.0.0.1 only"
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" restart -m fast >&2
  fi
else
  log "starting $VERSION/$NAME"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start >&2
fi

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2 || { log "server did not become ready"; exit 1; }

psql_admin() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_admin -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE LOGIN; END IF;
END \$\$;" >&2
psql_admin -c "ALTER ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD'" >&2
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE" >&2
fi

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
