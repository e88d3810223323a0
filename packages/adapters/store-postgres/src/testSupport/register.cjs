// Lets a child process started by a test run this repository's TypeScript sources, as jest
// does: swc strips the types, `./x.js` imports find `./x.ts`, and `@consentry/*` maps to the
// workspace packages' src/. Used by the multi-process tests: node -r ./register.cjs child.ts
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const { workspaceSources } = require('../../../../../scripts/workspaceModules.cjs');

const aliases = workspaceSources();

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const alias = aliases.get(request);
  if (alias !== undefined) return alias;
  if (request.startsWith('.') && request.endsWith('.js') && parent?.filename?.endsWith('.ts')) {
    const candidate = path.resolve(path.dirname(parent.filename), `${request.slice(0, -3)}.ts`);
    if (fs.existsSync(candidate)) return candidate;
  }
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
