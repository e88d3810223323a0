export * from './projection.js';
export * from './runner.js';
export * from './directory.js';
export * from './accessHistory.js';
export * from './sharingSummary.js';
export * from './openChallenges.js';
export * from './alerts.js';
export * from './refusedCommands.js';
