import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The integration tests need a real server at DATABASE_URL (`bash .ci/postgres.sh` prints
 * one). Without it they fail in CI (CI=true: never skipped there) and are skipped locally
 * with one plain line saying why.
 */
export const describeWithDatabase = (name: string, body: (url: string) => void): void => {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    describe(name, () => body(url));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a PostgreSQL server', () => {
        throw new Error(
          'DATABASE_URL is not set: CI must give the PostgreSQL tests a server (bash .ci/postgres.sh)',
        );
      });
    });
    return;
  }
  process.stdout.write(
    `skipped ${name}: DATABASE_URL is not set (bash .ci/postgres.sh prints one)\n`,
  );
  describe.skip(name, () => it('needs DATABASE_URL', () => undefined));
};

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
