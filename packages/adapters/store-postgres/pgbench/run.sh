#!/usr/bin/env bash
# The server's side of an append, measured with PostgreSQL's own C client (pgbench), so the
# Node client's cost is left out: the store's single-event append statement (compare-and-set
# on the stream row, then the insert, as src/statements.ts writes it) against a bare one-row
# INSERT, one connection, durable commits, in a scratch schema dropped at the end. Between
# them, to show where the append's cost lies: the bare insert carrying an event's bytes, and
# the event's insert alone, without the stream row. Needs the package built
# (npx tsc -b tsconfig.build.json at the root).
#   DATABASE_URL=postgres://… bash packages/adapters/store-postgres/pgbench/run.sh [seconds]
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL (bash .ci/postgres.sh prints one)}"
SECONDS_EACH="${1:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
PGBENCH="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1)"
[ -x "$PGBENCH" ] || { echo "pgbench not found (Debian: apt-get install postgresql-client)" >&2; exit 1; }
export PGOPTIONS="-c client_min_messages=warning"
[ -f "$HERE/../dist/index.js" ] || { echo "build first: npx tsc -b tsconfig.build.json" >&2; exit 1; }
psql -q "$DATABASE_URL" -c "DROP SCHEMA IF EXISTS consentry_pgbench CASCADE"
# The store's own migration makes the tables, so the statement runs against the real schema.
(cd "$HERE/.." && node --input-type=module -e "
  import pg from 'pg';
  import { postgresEventStore } from './dist/index.js';
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const store = postgresEventStore(pool, { schema: 'consentry_pgbench' });
  const migrated = await store.readAll({ batchSize: 1 })();
  await store.close();
  await pool.end();
  if (migrated._tag === 'Left') { console.error(migrated.left.message); process.exit(1); }
")
psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$HERE/setup.sql"
trap 'psql -q "$DATABASE_URL" -c "DROP SCHEMA IF EXISTS consentry_pgbench CASCADE"' EXIT
# Twice each, alternating: on a shared machine one round can land on a burst of other work.
# Between the bare insert and the append: the bare insert with an event's bytes, and the
# event's insert alone (see the scripts).
for script in raw raw-event-size event-only append raw raw-event-size event-only append; do
  tps="$("$PGBENCH" -n -M prepared -c 1 -T "$SECONDS_EACH" -f "$HERE/$script.sql" "$DATABASE_URL" 2>&1 |
    awk '/^tps/ { printf "%d", $3; exit }')"
  printf '%-15s %6s transactions/s (pgbench, 1 connection, durable commits)\n' "$script" "$tps"
done
