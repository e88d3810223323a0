export * from './events.js';
export * from './inputs.js';
export { endingsToNotice } from './decide.js';
