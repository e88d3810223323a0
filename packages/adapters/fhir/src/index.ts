export * from './types.js';
export {
  systems,
  codes,
  consentKinds,
  identifierSystems,
  profiles,
  verificationTypeExtension,
  type ConsentKind,
} from './codeSystems.js';
export * from './directory.js';
export {
  consentsFromEvents,
  defaultPolicyUri,
  verifiedByExtension,
  type ConsentOptions,
} from './consent.js';
export { auditEventsFromEvents, type AuditEventOptions } from './auditEvent.js';
export { fhirBundle, searchsetBundle, type SearchPage } from './bundle.js';
export { operationOutcome, issueTypeForStatus, type Problem } from './operationOutcome.js';
export { choiceFromConsent, type PostedChoice, type ReadResult } from './consentInput.js';
export { fhirInstant, resourceId } from './references.js';
