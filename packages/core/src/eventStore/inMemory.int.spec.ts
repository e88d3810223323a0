import { eventStoreContract } from '../testing/eventStoreContract.js';
import { inMemoryEventStore } from './inMemory.js';

// A fresh store per check, as the contract requires.
eventStoreContract('in-memory', () => {
  const store = inMemoryEventStore();
  return Promise.resolve({ store, teardown: () => store.close() });
});
