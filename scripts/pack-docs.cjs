#!/usr/bin/env node
// Ships the docs a package's README links to inside that package (docs/releasing.md).
// Every publishable package runs it as `prepack` and `postpack` from its own folder:
//   node ../../../scripts/pack-docs.cjs prepack   copies the linked docs into ./docs, and LICENSE
//   node ../../../scripts/pack-docs.cjs postpack  removes them again
// A README links to `docs/<path>` (package-relative); the file comes from the repository's
// docs/<path>, and so does every doc those files link to, so relative links between docs
// still resolve in the tarball. A link from a copied doc to a file outside docs/ (source
// code, say) cannot resolve in a tarball: the copy keeps its text and drops the link.
// A README link that would not resolve inside the package stops the pack.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const repoRoot = path.resolve(__dirname, '..');
const repoDocs = path.join(repoRoot, 'docs');
const LINK = /(!?)\[([^\]]*)\]\(([^)\s]+)((?:\s+"[^"]*")?)\)/g;

/** The relative targets of a markdown file's links, without their #fragment. */
const relativeLinks = (markdown) =>
  [...markdown.matchAll(LINK)]
    .map((m) => m[3].split('#')[0])
    .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target));

const inside = (parent, child) => {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** Refuses to touch a docs/ folder that git tracks: it would not be ours to replace. */
const assertGenerated = (docsDir) => {
  let tracked = '';
  try {
    tracked = execFileSync('git', ['ls-files', '--', docsDir], { cwd: repoRoot, encoding: 'utf8' });
  } catch {
    return; // no git (an unpacked source archive): nothing tracked to protect
  }
  if (tracked.trim() !== '')
    throw new Error(`pack-docs: ${docsDir} is tracked by git; not replacing it`);
};

/** Copies `docs/<rel>` and the docs it links to, transitively; returns the files copied. */
const copyDocs = (packageDir, firstTargets) => {
  const queue = [...firstTargets];
  const copied = new Set();
  while (queue.length > 0) {
    const rel = queue.shift();
    if (copied.has(rel)) continue;
    const source = path.join(repoDocs, rel);
    if (!inside(repoDocs, source) || !fs.existsSync(source))
      throw new Error(`pack-docs: docs/${rel} does not exist in the repository`);
    const target = path.join(packageDir, 'docs', rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    copied.add(rel);
    if (!rel.endsWith('.md')) {
      fs.copyFileSync(source, target);
      continue;
    }
    const text = fs.readFileSync(source, 'utf8').replace(LINK, (whole, bang, label, href) => {
      const file = href.split('#')[0];
      if (file === '' || /^[a-z][a-z0-9+.-]*:/i.test(href)) return whole;
      const resolved = path.resolve(path.dirname(source), file);
      if (inside(repoDocs, resolved) && fs.existsSync(resolved)) {
        queue.push(path.relative(repoDocs, resolved));
        return whole;
      }
      return bang === ''
        ? `${label} (\`${path.relative(repoRoot, resolved)}\` in the repository)`
        : '';
    });
    fs.writeFileSync(target, text);
  }
  return [...copied];
};

const prepack = (packageDir) => {
  const docsDir = path.join(packageDir, 'docs');
  assertGenerated(docsDir);
  fs.rmSync(docsDir, { recursive: true, force: true });
  const readme = fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8');
  const targets = relativeLinks(readme).map((target) => path.normalize(target));
  const outside = targets.filter((t) => {
    if (t.startsWith(`docs${path.sep}`)) return false;
    const resolved = path.join(packageDir, t);
    return !inside(packageDir, resolved) || !fs.existsSync(resolved);
  });
  if (outside.length > 0)
    throw new Error(`pack-docs: README.md links outside the package: ${outside.join(', ')}`);
  const docs = targets.filter((t) => t.startsWith(`docs${path.sep}`)).map((t) => t.slice(5));
  const copied = docs.length === 0 ? [] : copyDocs(packageDir, docs);
  console.log(`pack-docs: ${copied.length} doc(s) copied into ${path.relative(repoRoot, docsDir)}`);
  // npm ships a LICENSE from the package's folder whatever `files` says: the repository's one.
  fs.copyFileSync(path.join(repoRoot, 'LICENSE'), path.join(packageDir, 'LICENSE'));
};

const postpack = (packageDir) => {
  const docsDir = path.join(packageDir, 'docs');
  assertGenerated(docsDir);
  fs.rmSync(docsDir, { recursive: true, force: true });
  fs.rmSync(path.join(packageDir, 'LICENSE'), { force: true });
};

module.exports = { relativeLinks };

if (require.main === module) {
  const step = process.argv[2];
  try {
    if (step === 'prepack') prepack(process.cwd());
    else if (step === 'postpack') postpack(process.cwd());
    else throw new Error('usage: pack-docs.cjs prepack | postpack');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
