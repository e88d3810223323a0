// `node --import ./register.js child.js`: lets a child process import the TypeScript
// sources of the workspace (transpiled by swc, as jest does), so the process tests need
// no build step and do not depend on other packages' dist being up to date.
import { register } from 'node:module';

register('./hooks.js', import.meta.url);
