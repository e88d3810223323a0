export * from './codecs.js';
export * from './policy/decision.js';
