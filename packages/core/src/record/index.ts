export * from './labels.js';
export * from './visibility.js';
