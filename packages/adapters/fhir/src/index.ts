export * from './types.js';
export { systems, codes } from './codeSystems.js';
export { consentsFromEvents } from './consent.js';
export { auditEventsFromEvents } from './auditEvent.js';
export { fhirBundle } from './bundle.js';
