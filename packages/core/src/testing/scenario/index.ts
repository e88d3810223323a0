export * from './codecs.js';
export * from './duration.js';
export * from './errors.js';
export * from './expect.js';
export * from './load.js';
export * from './primitives.js';
export * from './steps.js';
export * from './strict.js';
