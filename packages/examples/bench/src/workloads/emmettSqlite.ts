import { join } from 'node:path';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { scratchDir } from '../stores.js';

/**
 * A fresh Emmett SQLite event store in a scratch folder. Its default pooled connection
 * failed here on the first 10-event append with "SQLITE_BUSY: cannot commit transaction -
 * SQL statements in progress", so the bench uses its documented singleton connection.
 */
export const openEmmettSqlite = () => {
  const scratch = scratchDir();
  const store = getSQLiteEventStore({
    fileName: join(scratch.dir, 'emmett.db'),
    schema: { autoMigration: 'CreateOrUpdate' },
    connectionOptions: { singleton: true },
  });
  return { store, file: join(scratch.dir, 'emmett.db'), remove: scratch.remove };
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
