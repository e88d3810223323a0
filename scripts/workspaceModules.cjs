// The workspace packages' import names mapped to their TypeScript sources (each `exports`
// entry's dist/*.js → src/*.ts). One map for jest and for the child processes tests start,
// so they all run the sources rather than a possibly stale build.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** @returns {Map<string, string>} import specifier → absolute path of its source file */
const workspaceSources = () => {
  const dirs = [
    'packages/core',
    ...['adapters', 'examples'].flatMap((group) => {
      const base = path.join(root, 'packages', group);
      return fs.existsSync(base)
        ? fs.readdirSync(base).map((name) => `packages/${group}/${name}`)
        : [];
    }),
  ];
  const sources = new Map();
  for (const dir of dirs) {
    const manifestPath = path.join(root, dir, 'package.json');
    if (!fs.existsSync(manifestPath)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const built = typeof target === 'string' ? target : target.import;
      const source = built.replace('./dist/', './src/').replace(/\.js$/, '.ts');
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      sources.set(specifier, path.join(root, dir, source));
    }
  }
  return sources;
};

module.exports = { root, workspaceSources };
