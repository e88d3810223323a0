export * from './eventStoreDbEventStore.js';
export * from './connection.js';
export * as eventStoreDbMapping from './mapping.js';
