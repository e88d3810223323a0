export * from './codecs.js';
export * from './events.js';
export type * from './commands.js';
export type { CareState, Relationship } from './state.js';
export { activeRelationship } from './state.js';
export { careDecider } from './decide.js';
