import { join } from 'node:path';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { progress } from '../measure.js';
import { scratchDir } from '../stores.js';

/**
 * A fresh Emmett SQLite event store in a scratch folder. Its default pooled connection
 * failed here on the first 10-event append with "SQLITE_BUSY: cannot commit transaction -
 * SQL statements in progress", so the bench uses its documented singleton connection.
 */
const openOnce = () => {
  const scratch = scratchDir();
  const store = getSQLiteEventStore({
    fileName: join(scratch.dir, 'emmett.db'),
    schema: { autoMigration: 'CreateOrUpdate' },
    connectionOptions: { singleton: true },
  });
  return { store, file: join(scratch.dir, 'emmett.db'), remove: scratch.remove };
};

/** How many times Emmett's store had to be opened again after failing to set itself up. */
export const emmettSetupRetries = { count: 0 };

const isWalRace = (error: unknown): boolean =>
  /cannot change into wal mode from within a transaction/.test(String(error));

/**
 * `openOnce`, after a first call has set the store up. Now and then (about one run in six
 * here) Emmett's singleton connection switches to WAL mode while its own migration
 * transaction is open; sqlite3 reports that as an 'error' event nobody listens to, which
 * would end the whole bench. The first call runs with that event caught, and on that error
 * the store is opened afresh (bounded), counted in `emmettSetupRetries`.
 */
export const openEmmettSqlite = async () => {
  for (let attempt = 1; ; attempt += 1) {
    const opened = openOnce();
    let caught: (error: unknown) => void = () => undefined;
    const crashed = new Promise<never>((_, reject) => {
      caught = reject;
    });
    process.on('uncaughtException', caught);
    try {
      await Promise.race([opened.store.readStream('bench-warm-up'), crashed]);
      return opened;
    } catch (error) {
      opened.remove();
      if (attempt >= 5 || !isWalRace(error)) throw error;
      emmettSetupRetries.count += 1;
      progress(`Emmett SQLite failed to set itself up (${String(error)}); opening it again`);
    } finally {
      process.off('uncaughtException', caught);
    }
  }
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
