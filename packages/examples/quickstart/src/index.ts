export { runQuickstart } from './story.js';
