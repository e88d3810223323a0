export {};
export * from './capturingNotifier.js';
export * from './notifierContract.js';
export * from './notifierMessages.js';
export * from './scenario/index.js';
export * from './eventStoreContract.js';
export * from './manualClock.js';
export * from './deciderSpec.js';
export * from './projectionSpec.js';
