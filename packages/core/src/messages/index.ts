export * from './patientMessages.js';
