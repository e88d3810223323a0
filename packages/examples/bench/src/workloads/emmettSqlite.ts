import { join } from 'node:path';
import Database from 'better-sqlite3';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { scratchDir } from '../stores.js';

/**
 * A fresh Emmett SQLite event store in a scratch folder. Its default pooled connection
 * failed here on the first 10-event append with "SQLITE_BUSY: cannot commit transaction -
 * SQL statements in progress", so the bench uses its documented singleton connection.
 *
 * The file is put in WAL mode before Emmett opens it. Emmett sends `PRAGMA journal_mode =
 * WAL` without waiting for it, and now and then (2–3 opens in 40 here) its migration
 * transaction is already open: sqlite3 then reports "cannot change into wal mode from
 * within a transaction" as an 'error' event nobody listens to, which ends the process. On a
 * file already in WAL mode the pragma has nothing to change (no failure in 200 opens).
 */
export const openEmmettSqlite = async () => {
  const scratch = scratchDir();
  const fileName = join(scratch.dir, 'emmett.db');
  const db = new Database(fileName);
  db.pragma('journal_mode = WAL');
  db.close();
  const store = getSQLiteEventStore({
    fileName,
    schema: { autoMigration: 'CreateOrUpdate' },
    connectionOptions: { singleton: true },
  });
  await store.readStream('bench-warm-up'); // runs its migration outside the timings
  return { store, file: fileName, remove: scratch.remove };
};

/** How many of Emmett's calls failed with SQLITE_BUSY and were tried again, in this run. */
export const emmettBusyRetries = { count: 0 };

/**
 * Emmett's SQLite store fails now and then with SQLITE_BUSY ("cannot commit transaction -
 * SQL statements in progress") even with one sequential caller; a user would retry, so
 * the bench does (bounded) and reports how often.
 */
export const retryBusy = async <A>(call: () => Promise<A>): Promise<A> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 10 || (error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      emmettBusyRetries.count += 1;
    }
  }
};
