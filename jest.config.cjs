// One jest run for the whole workspace. Tests import the TypeScript sources of the
// workspace packages (not their dist), and swc strips types; `pnpm typecheck` checks them.
const fs = require('node:fs');
const path = require('node:path');

const packageDirs = ['packages/core', 'packages/adapters', 'packages/examples']
  .flatMap((dir) =>
    dir === 'packages/core'
      ? [dir]
      : fs.existsSync(dir)
        ? fs.readdirSync(dir).map((name) => path.join(dir, name))
        : [],
  )
  .filter((dir) => fs.existsSync(path.join(dir, 'package.json')));

const workspaceModules = {};
for (const dir of packageDirs) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const built = typeof target === 'string' ? target : target.import;
    const source = built.replace('./dist/', './src/').replace(/\.js$/, '.ts');
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    workspaceModules[`^${specifier.replace(/[/.]/g, '\\$&')}$`] =
      `<rootDir>/${dir}/${source.slice(2)}`;
  }
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
};
