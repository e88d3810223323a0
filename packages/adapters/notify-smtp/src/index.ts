export * from './smtpNotifier.js';
export * from './settings.js';
export { classifySmtpFailure } from './mapping.js';
