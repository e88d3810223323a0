export * from './codecs.js';
export * from './events.js';
export type * from './commands.js';
export type { OrganisationState } from './state.js';
export { organisationDecider } from './decide.js';
