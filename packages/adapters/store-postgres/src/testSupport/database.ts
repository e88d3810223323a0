import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The integration tests need a real server at DATABASE_URL; see `describeWithServer`. */
export { describeWithDatabase } from '@consentry/core/testing';

/** A schema name no other test file uses, so suites can run side by side. */
export const randomSchema = (prefix = 'test'): string =>
  `consentry_${prefix}_${randomBytes(5).toString('hex')}`;

/**
 * A pool for tests. Commits do not wait for the WAL flush (synchronous_commit=off, a
 * per-session setting): visibility, ordering and transaction ids are unchanged, only the
 * disk wait goes. The connection-loss test asks for `durable` commits.
 */
export const testPool = (url: string, options: { max?: number; durable?: boolean } = {}): pg.Pool =>
  new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.durable === true ? {} : { options: '-c synchronous_commit=off' }),
  });

export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
};
