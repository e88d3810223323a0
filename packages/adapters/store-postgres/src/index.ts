export * from './postgresEventStore.js';
export { migrate as migratePostgresEventStore, SCHEMA_VERSION } from './schema.js';
export { MAX_EVENTS_PER_APPEND } from './mapping.js';
export * from './postgresLease.js';
export * from './postgresPool.js';
export { withLockedTransaction } from './lockedTransaction.js';
export * from './replicaReads.js';
export { postgresKeyTable, type PostgresKeyTableOptions } from './keyTable.js';
