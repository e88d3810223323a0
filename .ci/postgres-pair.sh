#!/usr/bin/env bash
# A primary and a SYNCHRONOUS streaming standby as two local clusters on 127.0.0.1 (issue 19),
# for the failover and read-replica tests. Runs as root, like .ci/postgres.sh, and uses the
# same Debian tools (pg_createcluster/pg_ctlcluster); the PostgreSQL server must be installed
# (.ci/postgres.sh installs it).
#
#   bash .ci/postgres-pair.sh [PRIMARY_PORT] [STANDBY_PORT] [NAME]
#
# Creates the clusters afresh every time (any earlier pair of that NAME is dropped): the
# failover test kills the primary and promotes the standby, so a pair is used once. The
# primary names the standby in synchronous_standby_names, so a commit is acknowledged only
# once the standby has flushed it; the script waits until the primary reports the standby as
# `sync`. Prints the primary's connection string, then the standby's, as the LAST two lines.
set -euo pipefail
PRIMARY_PORT="${1:-5442}"
STANDBY_PORT="${2:-5443}"
NAME="${3:-pair}"
PRIMARY="${NAME}_primary"
STANDBY="${NAME}_standby"
ROLE=consentry
PASSWORD=consentry
DATABASE=consentry_test
log() { echo "postgres-pair.sh: $(date +%T.%N | cut -c1-12) $*" >&2; }

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -1)"
mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
for cluster in "$STANDBY" "$PRIMARY"; do
  if pg_lsclusters -h | awk -v v="$VERSION" -v n="$cluster" '$1==v && $2==n {found=1} END {exit !found}'; then
    log "dropping the earlier $VERSION/$cluster"
    pg_dropcluster --stop "$VERSION" "$cluster" >&2 || pg_dropcluster "$VERSION" "$cluster" >&2
  fi
done

settings() { # cluster port: 127.0.0.1 only, on that port
  pg_conftool "$VERSION" "$1" set port "$2" >&2
  pg_conftool "$VERSION" "$1" remove listen_addresses >&2 || true
  printf "listen_addresses = '127.0.0.1'\n" >"/etc/postgresql/$VERSION/$1/conf.d/consentry.conf"
}
wait_ready() {
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$1" && return 0
    sleep 0.25
  done
  log "the server on port $1 did not become ready"
  exit 1
}

log "creating the primary $VERSION/$PRIMARY on port $PRIMARY_PORT"
pg_createcluster "$VERSION" "$PRIMARY" --port "$PRIMARY_PORT" -- --no-sync >&2
settings "$PRIMARY" "$PRIMARY_PORT"
cat >>"/etc/postgresql/$VERSION/$PRIMARY/conf.d/consentry.conf" <<EOF
wal_level = replica
max_wal_senders = 5
synchronous_standby_names = 'FIRST 1 (standby1)'
synchronous_commit = on
EOF
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY" start >&2
wait_ready "$PRIMARY_PORT"
psql_admin() { runuser -u postgres -- psql -p "$PRIMARY_PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }
# The first statements run before any standby exists: they must not wait for one.
psql_admin -c "SET synchronous_commit = local; CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD 'replicator'" >&2
psql_admin -c "SET synchronous_commit = local; CREATE ROLE $ROLE WITH LOGIN PASSWORD '$PASSWORD'" >&2
psql_admin -c "SET synchronous_commit = local; SELECT pg_create_physical_replication_slot('standby1')" >&2
runuser -u postgres -- createdb -p "$PRIMARY_PORT" -O "$ROLE" "$DATABASE" >&2 &
creating=$!

log "creating the standby $VERSION/$STANDBY on port $STANDBY_PORT from a base backup"
pg_createcluster "$VERSION" "$STANDBY" --port "$STANDBY_PORT" -- --no-sync >&2
settings "$STANDBY" "$STANDBY_PORT"
DATA="/var/lib/postgresql/$VERSION/$STANDBY"
rm -rf "$DATA"
runuser -u postgres -- env PGPASSWORD=replicator pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" \
  -U replicator -D "$DATA" -X stream -S standby1 -c fast >&2
cat >>"/etc/postgresql/$VERSION/$STANDBY/conf.d/consentry.conf" <<EOF
primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=replicator password=replicator application_name=standby1'
primary_slot_name = 'standby1'
hot_standby = on
EOF
runuser -u postgres -- touch "$DATA/standby.signal"
log "starting the standby"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$STANDBY" start >&2
wait_ready "$STANDBY_PORT"
wait "$creating"
log "waiting for the standby to be synchronous"

for _ in $(seq 1 80); do
  state="$(psql_admin -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")"
  [ "$state" = sync ] && break
  sleep 0.25
done
[ "$state" = sync ] || { log "the standby did not become synchronous (state: '$state')"; exit 1; }
# The read-replica test pauses replay on the standby to make it lag (functions run there;
# the grant reaches the standby through the WAL).
psql_admin -d "$DATABASE" -c "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO $ROLE" >&2
log "primary $PRIMARY_PORT, synchronous standby $STANDBY_PORT"

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PRIMARY_PORT/$DATABASE"
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$STANDBY_PORT/$DATABASE"
