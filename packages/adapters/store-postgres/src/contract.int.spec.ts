import pg from 'pg';
import { eventStoreContract } from '@consentry/core/testing';
import { postgresEventStore } from './postgresEventStore.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';

// Each check gets a new, empty schema; one pool serves the whole file.
describeWithDatabase('store-postgres contract', (url) => {
  const pool = testPool(url, { max: 10 });
  // Transactions left open all along, in another database and in this one, as other suites'
  // transactions were when the readAll checks failed now and then: readAll must not wait
  // for transactions that cannot write its events (horizon.ts).
  const outsiders: pg.Client[] = [];
  beforeAll(async () => {
    for (const database of ['postgres', new URL(url).pathname.slice(1)]) {
      const target = new URL(url);
      target.pathname = `/${database}`;
      const client = new pg.Client({ connectionString: target.toString() });
      await client.connect();
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      outsiders.push(client);
    }
  });
  afterAll(async () => {
    await Promise.all(outsiders.map((client) => client.end()));
    await pool.end();
  });

  eventStoreContract('postgres', () => {
    const schema = randomSchema('contract');
    const store = postgresEventStore(pool, { schema, pollIntervalMs: 200 });
    const teardown = async (): Promise<void> => {
      await store.close();
      await dropSchema(url, schema);
    };
    return Promise.resolve({ store, teardown });
  });
});
