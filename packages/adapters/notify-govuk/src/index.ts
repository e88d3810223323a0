export * from './govukNotifier.js';
export * from './client.js';
export { classifyNotifyFailure } from './mapping.js';
