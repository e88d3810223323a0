export * from './api.js';
export * from '../shared/errors.js';
export * from './inputs.js';
export * from './policy.js';
export * from './createConsentry.js';
export { describeResult } from './tracing.js';
