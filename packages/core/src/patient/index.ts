export * from './codecs.js';
export * from './nhsNumber.js';
export * from './contact.js';
export * from './events.js';
export type * from './commands.js';
export type { PatientState, ContactDetails } from './state.js';
export { patientDecider } from './decide.js';
export { NhsNumberReserved, nhsNumberBlindIndex } from './reservation.js';
