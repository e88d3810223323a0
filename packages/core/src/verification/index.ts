export * from './codecs.js';
export * from './keyring.js';
