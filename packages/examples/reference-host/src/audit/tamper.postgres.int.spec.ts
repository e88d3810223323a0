import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { verifyStore } from '@consentry/core';
import { describeWithDatabase } from '@consentry/core/testing';
import { postgresEventStore } from '@consentry/store-postgres';
import { publicKeys, tellStory } from './__fixtures__/story.js';
import { postgresTables } from './__fixtures__/postgresTables.js';
import { STREAM, tamperings } from './__fixtures__/tamper.js';
import { openStoreTarget } from './store.js';

// A real server at DATABASE_URL (bash .ci/postgres.sh prints one): never skipped in CI.
describeWithDatabase('audit verify on a PostgreSQL store tampered with directly', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  /** A fresh schema with the story told in it. */
  const storyIn = async (): Promise<string> => {
    const schema = `consentry_audit_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const store = postgresEventStore(pool, { schema });
    await tellStory(store);
    await store.close();
    return schema;
  };

  // Through the connection string, as `consentry audit verify --store postgres://…?schema=…` reads it.
  const verify = async (schema: string) => {
    const target = openStoreTarget(`${url}${url.includes('?') ? '&' : '?'}schema=${schema}`);
    if (E.isLeft(target)) throw new Error(target.left);
    const report = await verifyStore(target.right.store, { publicKeys })();
    await target.right.store.close();
    if (E.isLeft(report)) throw new Error(report.left.message);
    return report.right;
  };

  it('given the untouched store, then it verifies clean', async () => {
    expect(await verify(await storyIn())).toMatchObject({
      clean: true,
      checkpoints: 2,
      findings: [],
    });
  }, 30_000);

  for (const [name, tampering] of Object.entries(tamperings)) {
    it(`given ${name}, then the first finding is ${tampering.kind} at the right stream and position`, async () => {
      const schema = await storyIn();
      const tables = postgresTables(pool, schema);
      const position = tampering.position(await tables.rows(STREAM));
      await tampering.apply(tables);
      const report = await verify(schema);
      expect(report.findings[0]).toMatchObject({
        kind: tampering.kind,
        streamName: STREAM,
        position,
      });
    }, 30_000);
  }
});
