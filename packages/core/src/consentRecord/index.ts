export * from './state.js';
export * from './decide.js';
