export { sqliteEventStore, openSqliteEventStore, type SqliteDatabase } from './store.js';
export type { SqliteEventStoreOptions, Synchronous } from './options.js';
export {
  incompatibleStoreFile,
  isIncompatibleStoreFile,
  type IncompatibleReason,
  type IncompatibleStoreFile,
  type OpenStoreError,
} from './errors.js';
export { LATEST_SCHEMA_VERSION, APPLICATION_ID } from './schema.js';
export { sqliteKeyTable, type SqliteKeyTable } from './keyTable.js';
