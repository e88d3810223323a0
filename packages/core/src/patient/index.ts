export * from './codecs.js';
export * from './nhsNumber.js';
export * from './contact.js';
