#!/usr/bin/env node
// Import circles in one package's src folder, type-only imports included.
//
//   node scripts/import-cycles.cjs packages/core/src
//
// Reads every .ts file under the folder except tests (*.spec.ts) and their fixtures'
// own tests, takes each `import … from`, `import type … from`, `export … from`,
// `import '…'` and `import('…')` of a relative path, resolves it the way TypeScript's
// NodeNext resolution does for this repository (`./x.js` is `./x.ts`, a folder is its
// `index.ts`) and reports
//   - file circles: the strongly connected components of the file graph (Tarjan) with
//     more than one file, or one file importing itself;
//   - folder circles: the same on the graph of src's immediate sub-folders, where a file
//     directly in src belongs to the folder ".". Files in a `__fixtures__` folder are test
//     code, like the tests that use them: they are in the file graph (a circle among them
//     is still reported) but their imports make no folder edge (a test's fixture may start
//     the whole app).
// Exits 1 when there is any circle. Tests call `cyclesOf(srcDir)`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const isSource = (name) =>
  name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.spec\.ts$/.test(name);

const listSources = (dir) => {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      found.push(...listSources(full));
    } else if (entry.isFile() && isSource(entry.name)) found.push(full);
  }
  return found.sort();
};

/** Comments removed, strings and template literals kept (specifiers live in them). */
const stripComments = (text) => {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
};

const SPECIFIERS = [
  // import x from '…'; import type { X } from '…'; export { x } from '…'; export * from '…';
  // export type { X } from '…' (the clause may span lines; it never contains a semicolon
  // or a quote).
  /\b(?:import|export)\s+(?:type\s+)?[^;'"`]*?\bfrom\s*(['"])([^'"]+)\1/g,
  // import '…'
  /\bimport\s*(['"])([^'"]+)\1/g,
  // import('…') and type positions such as `typeof import('…')`
  /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
];

const specifiersOf = (text) => {
  const code = stripComments(text);
  const found = new Set();
  for (const pattern of SPECIFIERS) for (const match of code.matchAll(pattern)) found.add(match[2]);
  return [...found];
};

const resolveRelative = (fromFile, specifier) => {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [];
  if (/\.(js|mjs|cjs)$/.test(base)) candidates.push(base.replace(/\.(m|c)?js$/, '.$1ts'));
  candidates.push(base, `${base}.ts`, path.join(base, 'index.ts'));
  for (const candidate of candidates)
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
};

/** Strongly connected components of `graph` (Map<node, Set<node>>), Tarjan, iterative. */
const stronglyConnected = (graph) => {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [{ node: root, edges: [...(graph.get(root) ?? [])], at: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.edges.length) {
        const next = frame.edges[frame.at++];
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter);
          counter++;
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, edges: [...(graph.get(next) ?? [])], at: 0 });
        } else if (onStack.has(next))
          low.set(frame.node, Math.min(low.get(frame.node), index.get(next)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort());
      }
    }
  }
  return components;
};

const circlesOf = (graph) =>
  stronglyConnected(graph)
    .filter((c) => c.length > 1 || (graph.get(c[0]) ?? new Set()).has(c[0]))
    .sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]));

const isFixture = (relativeFile) => relativeFile.split('/').includes('__fixtures__');

const folderOf = (relativeFile) => {
  const parts = relativeFile.split('/');
  return parts.length === 1 ? '.' : parts[0];
};

/**
 * The import graph of `srcDir`: `files` maps each file (relative to srcDir, with /) to the
 * files it imports; `folders` maps each immediate sub-folder to the folders it imports,
 * with the imports that make each edge.
 */
const importGraph = (srcDir) => {
  const root = path.resolve(srcDir);
  const rel = (file) => path.relative(root, file).split(path.sep).join('/');
  const files = new Map();
  const folders = new Map();
  const folderEdges = new Map();
  for (const file of listSources(root)) {
    const from = rel(file);
    const targets = new Set();
    for (const specifier of specifiersOf(fs.readFileSync(file, 'utf8'))) {
      const resolved = resolveRelative(file, specifier);
      if (resolved === null || !resolved.startsWith(root + path.sep) || !isSource(resolved))
        continue;
      targets.add(rel(resolved));
    }
    files.set(from, targets);
    if (isFixture(from)) continue;
    const fromFolder = folderOf(from);
    if (!folders.has(fromFolder)) folders.set(fromFolder, new Set());
    for (const to of targets) {
      const toFolder = folderOf(to);
      if (toFolder === fromFolder) continue;
      folders.get(fromFolder).add(toFolder);
      const key = `${fromFolder} -> ${toFolder}`;
      if (!folderEdges.has(key)) folderEdges.set(key, []);
      folderEdges.get(key).push(`${from} -> ${to}`);
    }
  }
  for (const targets of [...files.values()])
    for (const t of targets) if (!files.has(t)) files.set(t, new Set());
  return { files, folders, folderEdges };
};

/**
 * The circles in `srcDir`: `fileCycles` are groups of files (relative to srcDir) that
 * import each other, directly or not; `folderCycles` the same for src's immediate
 * sub-folders ("." for the files directly in src); `folderEdges` lists, for each
 * "a -> b" folder import, the file imports that make it.
 */
const cyclesOf = (srcDir) => {
  const { files, folders, folderEdges } = importGraph(srcDir);
  const fileCycles = circlesOf(files);
  const folderCycles = circlesOf(folders);
  const inCycle = new Map();
  for (const cycle of folderCycles) for (const folder of cycle) inCycle.set(folder, cycle);
  const cycleEdges = {};
  for (const [key, imports] of folderEdges) {
    const [from, to] = key.split(' -> ');
    if (inCycle.has(from) && inCycle.get(from) === inCycle.get(to)) cycleEdges[key] = imports;
  }
  return { fileCycles, folderCycles, folderEdges: cycleEdges, fileCount: files.size };
};

module.exports = { cyclesOf, importGraph, specifiersOf };

if (require.main === module) {
  const srcDir = process.argv[2];
  if (srcDir === undefined || !fs.existsSync(srcDir)) {
    console.error('usage: node scripts/import-cycles.cjs <package src folder>');
    process.exit(2);
  }
  const { fileCycles, folderCycles, folderEdges, fileCount } = cyclesOf(srcDir);
  const filesInCycles = fileCycles.reduce((n, c) => n + c.length, 0);
  console.log(`${srcDir}: ${fileCount} files`);
  console.log(`file circles: ${fileCycles.length} (${filesInCycles} files)`);
  fileCycles.forEach((cycle, i) =>
    console.log(`  ${i + 1}. [${cycle.length}] ${cycle.join(', ')}`),
  );
  console.log(`folder circles: ${folderCycles.length}`);
  folderCycles.forEach((cycle, i) => console.log(`  ${i + 1}. ${cycle.join(' <-> ')}`));
  const pairs = Object.keys(folderEdges)
    .map((key) => key.split(' -> '))
    .filter(([a, b]) => a < b && folderEdges[`${b} -> ${a}`] !== undefined);
  if (pairs.length > 0)
    console.log(
      `folder pairs importing each other: ${pairs.map(([a, b]) => `${a}<->${b}`).join(', ')}`,
    );
  if (process.argv.includes('--edges'))
    for (const [key, imports] of Object.entries(folderEdges)) {
      console.log(`  ${key}`);
      for (const line of imports) console.log(`      ${line}`);
    }
  process.exit(fileCycles.length + folderCycles.length > 0 ? 1 : 0);
}
