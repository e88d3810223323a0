// One jest run for the whole workspace. Tests import the TypeScript sources of the
// workspace packages (not their dist), and swc strips types; `pnpm typecheck` checks them.
const { workspaceSources } = require('./scripts/workspaceModules.cjs');

const workspaceModules = {};
for (const [specifier, source] of workspaceSources()) {
  workspaceModules[`^${specifier.replace(/[/.]/g, '\\$&')}$`] = source;
}

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: { ...workspaceModules, '^(\\.{1,2}/.*)\\.js$': '$1' },
  reporters: ['default', '<rootDir>/scripts/summary-reporter.cjs'],
  testTimeout: 30000,
  // Two workers on a 2-core machine: many suites wait on servers, files and child processes.
  maxWorkers: 2,
  // A worker that has run its share of the suites holds about 650 MiB, and handing that back
  // to this VM took 230-810 ms after its event loop had emptied, over 500 ms in 8 of the 10
  // exits measured at the end of full runs (nothing left open but its stdio pipes). Jest's
  // default of 500 ms then killed it and warned of a leak that was not there. A worker that
  // does leak is still killed and reported, after 5 s.
  workerGracefulExitTimeout: 5000,
};
