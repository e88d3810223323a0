export * from './codecs.js';
