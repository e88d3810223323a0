import { eventStoreContract } from '../testing/eventStoreContract.js';
import { inMemoryEventStore } from './inMemory.js';

eventStoreContract('in-memory', async () => {
  const store = inMemoryEventStore();
  return { store, teardown: () => store.close() };
});
