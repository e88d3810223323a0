export * from './eventStore/envelope.js';
export * from './eventStore/envelopeGuard.js';
export * from './eventStore/errors.js';
export * from './eventStore/port.js';
export * from './eventStore/expectedVersion.js';
export * from './eventStore/streamName.js';
export * from './eventStore/hashChain.js';
export * from './eventStore/aggregate.js';
export * from './eventStore/pollingSubscription.js';
export * from './eventStore/walkLog.js';
export * from './eventStore/inMemory.js';
export * from './eventStore/plainJson.js';
export * from './eventStore/prepareAppend.js';
export * from './notification/port.js';
export * from './notification/checkMessage.js';
export * from './notification/deadline.js';
export * from './notification/events.js';
export * from './notification/checkpoints.js';
export * from './notification/eventStoreCheckpoints.js';
export * from './notification/templates.js';
export type { RetrySchedule } from './notification/retry.js';
/** @deprecated Renamed `RetrySchedule` ("policy" names only `ConsentryPolicy`, the embedder's tunables). */
export type { RetrySchedule as RetryPolicy } from './notification/retry.js';
export type { IntentOutcome } from './notification/deliver.js';
export * from './notification/reactor.js';
export * from './notification/lease.js';
export * from './shared/clock.js';
export * from './shared/ids.js';
export * from './audit/index.js';
export * from './shared/brandedString.js';
export * from './shared/decodeInput.js';
export * from './patient/index.js';
export * from './organisation/index.js';
export * from './practiceLists/index.js';
export * from './consentRecord/sharing/index.js';
export * from './consentRecord/care/index.js';
export * from './consentRecord/access/index.js';
export * from './consentRecord/verification/index.js';
export * from './consentRecord/index.js';
export * from './consentRecord/proxy/index.js';
export * from './consentRecord/endNotices/index.js';
export * from './refusals/index.js';
export * from './record/index.js';
export * from './trust/index.js';
export * from './application/index.js';
export * from './projections/index.js';
export * from './schema/index.js';
export * from './personalData/index.js';
export { STORED_DATA, storedDataOf } from './eventStore/storedData.js';
export { ErasureScope, PersonalDataErased } from './patient/personalDataErased.js';
export {
  copyIntoSealedStore,
  compareCopy,
  type MigrationReport,
} from './application/migratePersonalData.js';
export { streams } from './shared/streams.js';
export type { DomainEvent, DomainCommand, Decider } from './shared/decider.js';
