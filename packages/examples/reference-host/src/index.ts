export { buildApp } from './app.js';
export type { AppDeps, HostLimits } from './http/context.js';
export {
  decodeConfig,
  type HostConfig,
  type ConfigError,
  type StoreConfig,
  type NotifierConfig,
} from './config/config.js';
export { openHost, type HostRuntime, type StartupError } from './wiring/openHost.js';
export { openHostDb, type HostDb, type StaffAccount, type ApiToken } from './host/hostDb.js';
export { openPostgresHostDb, type PostgresHostDbOptions } from './host/hostDbPostgres.js';
export {
  recordsIn,
  type RecordEntry,
  type SharedRecords,
  type SharedView,
  type WithheldEntry,
} from './host/records.js';
export { createLogger, scrub } from './logging.js';
export { hashPassword, verifyPassword } from './security/passwords.js';
export { seedDemo, demoApiToken } from './demo/seed.js';
