export * from './events.js';
export * from './inputs.js';
export { endingsToNotice } from './decide.js';
export { endingsProjection, patientsWithEndings } from '../../projections/endingsDue.js';
