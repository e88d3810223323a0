export * from './api.js';
export * from './errors.js';
export * from './inputs.js';
export * from './policy.js';
