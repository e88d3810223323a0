export * from './checkpoint.js';
export * from './checkpointStream.js';
export * from './writeCheckpoint.js';
export * from './findings.js';
export * from './verifyStore.js';
export * from './history.js';
export * from './asOf.js';
export * from './patientReport.js';
