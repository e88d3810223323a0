import { eventStoreContract } from '@consentry/core/testing';
import { fileStore, openStore } from './__fixtures__/stores.js';

// The contract checks behaviour, not durability: the file run uses NORMAL so the 10,000
// one-event transactions of the size checks do not wait on 10,000 fsyncs. FULL (the
// default) is what the crash test and the bench run.
eventStoreContract('sqlite (file)', () => Promise.resolve(fileStore({ synchronous: 'NORMAL' })));
eventStoreContract('sqlite (:memory:)', () => Promise.resolve(openStore(':memory:')));
