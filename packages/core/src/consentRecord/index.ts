export * from './state.js';
export * from './decide.js';
export * from './accessRequest.js';
