/**
 * Which transactions can still write events below a position, and how the store knows.
 *
 * A position is built from the writing transaction's id (mapping.ts), so a reader may release
 * the events below position `x << 16` only once no transaction with an id below `x` can still
 * write any. `pg_snapshot_xmin` answers that for every transaction on the server, every
 * database included: one transaction left open anywhere held back every reader. So writers
 * announce themselves instead:
 *
 * - Every statement that writes events first calls `begin_write()` (below), which takes a
 *   shared transaction-level advisory lock keyed by the schema **before** the transaction has
 *   an id, and refuses to when it already has one (unless it took the lock earlier). Writers
 *   never wait on each other: the lock is shared, and nobody takes it exclusively.
 * - The horizon is the lowest id, among the transactions still running in the reader's
 *   snapshot, that is not proved to be an outsider. A transaction is an outsider when, in one
 *   read of `pg_locks`, its owner holds its transaction-id lock but not the schema's advisory
 *   lock: it has an id and did not announce itself first, so it can never write events.
 *   Transactions that ended since the snapshot, and any not found, count as possible writers:
 *   that only lowers the horizon for this read.
 *
 * Why one read of `pg_locks` is enough: a writer takes the advisory lock before its id, and at
 * its end PostgreSQL releases the transaction-id lock (a regular lock) before the advisory
 * locks (`ProcReleaseLocks`: standard locks, then advisory ones); `pg_locks` copies the lock
 * table holding every partition lock, so it never sees a writer's id lock without its
 * advisory lock. Prepared transactions of other databases are outsiders too.
 */

/** The advisory lock's first key ("Cnsr"); the second is the schema's hash. */
export const WRITER_LOCK_CLASS = 0x436e7372;

/** A 31-bit FNV-1a hash of the schema name: the advisory lock's second key. */
export const writerLockKey = (schema: string): number => {
  let hash = 0x811c9dc5;
  for (const char of schema) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
};

/** SQL that takes the writer lock, as a boolean expression (an InitPlan run before any write). */
export const beginWriteSql = (schema: string): string => `(SELECT "${schema}".begin_write())`;

/** The function every event-writing statement calls first (created by migration 2). */
export const beginWriteFunction = (schema: string): string => {
  const key = writerLockKey(schema);
  return `CREATE OR REPLACE FUNCTION "${schema}".begin_write() RETURNS boolean
     LANGUAGE plpgsql VOLATILE AS $fn$
   BEGIN
     -- A transaction that already has an id must have announced itself before it got it:
     -- readers have treated it as an outsider (see horizon.ts in @consentry/store-postgres).
     IF pg_current_xact_id_if_assigned() IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM pg_locks
           WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
             AND classid = '${WRITER_LOCK_CLASS}'::oid AND objid = '${key}'::oid AND objsubid = 2)
     THEN
       RAISE EXCEPTION 'consentry: events must be written by a transaction that called begin_write() before writing anything else'
         USING ERRCODE = '55000';
     END IF;
     PERFORM pg_advisory_xact_lock_shared(${WRITER_LOCK_CLASS}, ${key});
     RETURN true;
   END $fn$`;
};

/**
 * SQL for the lowest position a transaction that can still write to this schema may write:
 * `min(snapshot's xmax, running transactions not proved outsiders) << 16`. With nothing
 * running in the snapshot it is the xmax, and `pg_locks` is not read.
 */
export const horizonSql = (schema: string, indexBits: bigint): string => {
  const key = writerLockKey(schema);
  return `(SELECT (CASE WHEN pg_snapshot_xmin(s) = pg_snapshot_xmax(s)
                   THEN pg_snapshot_xmax(s)::text::bigint
                   ELSE LEAST(pg_snapshot_xmax(s)::text::bigint, (
     WITH l AS MATERIALIZED (
       SELECT locktype, database, classid, objid, objsubid, transactionid, pid, mode, granted
         FROM pg_locks
     ), outsiders AS (
       SELECT t.transactionid AS xid FROM l t
        WHERE t.locktype = 'transactionid' AND t.mode = 'ExclusiveLock' AND t.granted
          AND t.pid IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM l a
             WHERE a.locktype = 'advisory' AND a.pid = t.pid AND a.granted
               AND a.classid = '${WRITER_LOCK_CLASS}'::oid AND a.objid = '${key}'::oid
               AND a.objsubid = 2
               AND a.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
       UNION ALL
       SELECT transaction FROM pg_prepared_xacts WHERE database <> current_database()
     )
     SELECT min(x::text::bigint) FROM pg_snapshot_xip(s) AS x
      WHERE NOT EXISTS (SELECT 1 FROM outsiders o WHERE o.xid = x::xid)
   )) END) << ${indexBits}
   FROM pg_current_snapshot() AS s)`;
};
