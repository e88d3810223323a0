export * from './codecs.js';
export * from './events.js';
export type * from './commands.js';
export type { PracticeListsState, ListEntry } from './state.js';
export { listEntryOf } from './state.js';
export { practiceListsDecider } from './decide.js';
