export * from './codecs.js';
export * from './events.js';
export type * from './commands.js';
export type { SharingState, PreferenceEntry, SharingInEntry } from './state.js';
export { effectivePreference } from './state.js';
export { sharingDecider } from './decide.js';
