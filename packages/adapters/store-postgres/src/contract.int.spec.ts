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
  afterAll(() => pool.end());

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
