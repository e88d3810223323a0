import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { SCHEMA_VERSION, migrate } from './schema.js';
import { postgresEventStore } from './postgresEventStore.js';
import { startLine } from './testSupport/barrier.js';
import { runChild } from './testSupport/childProcess.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';
import { events } from './testSupport/events.js';

const PROCESSES = 4;

describeWithDatabase('schema migration', (url) => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(url, schema);
  });

  it('is idempotent', async () => {
    const schema = randomSchema('migrate');
    schemas.push(schema);
    const pool = testPool(url, { max: 2 });
    expect(E.isRight(await migrate(pool, schema)())).toBe(true);
    expect(E.isRight(await migrate(pool, schema)())).toBe(true);
    const versions = await pool.query(
      `SELECT version FROM "${schema}".migrations ORDER BY version`,
    );
    expect(versions.rows.map((row: { version: number }) => row.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
    await pool.end();
  });

  it('refuses a schema a newer release has migrated, and changes nothing', async () => {
    const schema = randomSchema('newer');
    schemas.push(schema);
    const pool = testPool(url, { max: 2 });
    expect(E.isRight(await migrate(pool, schema)())).toBe(true);
    await pool.query(`INSERT INTO "${schema}".migrations (version) VALUES ($1)`, [
      SCHEMA_VERSION + 1,
    ]);
    const result = await migrate(pool, schema)();
    expect(E.isLeft(result) && result.left.message).toMatch(/upgrade @consentry\/store-postgres/);
    const store = postgresEventStore(pool, { schema });
    const append = await store.appendToStream('thing-1', events(1))();
    expect(E.isLeft(append) && append.left._tag).toBe('StoreFailure');
    await store.close();
    await pool.end();
  });

  it(`is safe when ${PROCESSES} processes start on an empty database at the same moment`, async () => {
    const schema = randomSchema('race');
    schemas.push(schema);
    const line = await startLine(url);
    let exited = 0;
    const children = Array.from({ length: PROCESSES }, () =>
      runChild(path.join(__dirname, 'testSupport', 'migrateChild.ts'), {
        DATABASE_URL: url,
        SCHEMA: schema,
        BARRIER: String(line.key),
      }).finally(() => exited++),
    );
    await line.open(PROCESSES, () => exited > 0);

    const results = await Promise.all(children);
    for (const result of results) {
      expect({ code: result.code, stdout: result.stdout.trim(), stderr: result.stderr }).toEqual({
        code: 0,
        stdout: '{"ok":true}',
        stderr: '',
      });
    }
    const pool = testPool(url, { max: 2 });
    const versions = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".migrations`);
    expect(versions.rows[0]).toEqual({ n: SCHEMA_VERSION });
    const store = postgresEventStore(pool, { schema });
    expect(E.isRight(await store.appendToStream('thing-1', events(2))())).toBe(true);
    await store.close();
    await pool.end();
  }, 120_000); // four Node processes starting on two cores
});
