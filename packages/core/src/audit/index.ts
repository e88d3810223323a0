export * from './checkpoint.js';
export * from './checkpointStream.js';
export * from './writeCheckpoint.js';
export * from './forEachEvent.js';
export * from './findings.js';
export * from './verifyStore.js';
