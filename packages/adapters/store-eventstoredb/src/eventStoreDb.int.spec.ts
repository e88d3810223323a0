import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreContract } from '@consentry/core/testing';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';

// The contract against a real EventStoreDB / KurrentDB server (docs/adapters/eventstoredb.md).
// One server cannot be emptied between checks, so each check gets a store with its own
// stream prefix: a namespace of its own in the shared $all.
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString === undefined || connectionString === '') {
  process.stdout.write(
    'store-eventstoredb: contract suite skipped — EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server on this machine)\n',
  );
  it.skip('EventStore contract: eventstoredb (needs EVENTSTORE_CONNECTION_STRING)', () =>
    undefined);
} else {
  const client = EventStoreDBClient.connectionString(connectionString);
  afterAll(() => client.dispose());
  eventStoreContract(
    'eventstoredb',
    () => {
      const store = eventStoreDbEventStore(client, {
        streamPrefix: `contract${randomUUID().replaceAll('-', '')}-`,
      });
      return Promise.resolve({ store, teardown: () => store.close() });
    },
    { timeoutMs: 120_000 },
  );
}
