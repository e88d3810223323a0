export * from './events.js';
export * from './upcasters.js';
