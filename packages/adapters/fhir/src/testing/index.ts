export { r4Problems } from './validateR4.js';
export { isNhsNumber } from './ukCore.js';
