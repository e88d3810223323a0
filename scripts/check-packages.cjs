#!/usr/bin/env node
// `pnpm check:packages`: builds every publishable package, packs it as it would be published
// (`pnpm pack`, which runs its prepack script and rewrites workspace: ranges), and checks
// each tarball with publint (--strict: warnings fail) and @arethetypeswrong/cli (profile
// esm-only: the packages are ES modules only, see docs/releasing.md).
//   node scripts/check-packages.cjs [--out <dir>]
// With --out the tarballs stay in <dir>, listed in <dir>/tarballs.json as
// { "<package name>": "<tarball path>" }; the installed-packages test installs those.
// Exits 1 when a build, a pack or a check fails.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const repoRoot = path.resolve(__dirname, '..');
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const PNPM = ['-y', 'pnpm@12.4.2'];

/** Workspace packages that are not private, in dependency order (core first). */
const publishablePackages = () => {
  const folders = ['packages/core'];
  for (const group of ['packages/adapters', 'packages/examples'])
    for (const name of fs.readdirSync(path.join(repoRoot, group)).sort())
      folders.push(`${group}/${name}`);
  return folders
    .filter((dir) => fs.existsSync(path.join(repoRoot, dir, 'package.json')))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(fs.readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name }));
};

/** Runs a command; returns its output, or throws with it when the command fails. */
const run = (command, args, cwd, label) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0) {
    const error = new Error(`${label} failed (exit ${result.status ?? result.signal}):\n${output}`);
    error.output = output;
    throw error;
  }
  return output;
};

const packAll = (packages, outDir) => {
  run(bin('tsc'), ['-b', ...packages.map((p) => p.dir)], repoRoot, 'tsc -b');
  const tarballs = {};
  for (const { dir, name } of packages) {
    const before = new Set(fs.readdirSync(outDir));
    run(
      'npx',
      [...PNPM, 'pack', '--pack-destination', outDir],
      path.join(repoRoot, dir),
      `pnpm pack (${name})`,
    );
    const made = fs.readdirSync(outDir).filter((f) => f.endsWith('.tgz') && !before.has(f));
    if (made.length !== 1) throw new Error(`pnpm pack (${name}) made ${made.length} tarballs`);
    tarballs[name] = path.join(outDir, made[0]);
  }
  return tarballs;
};

/** What attw found, in one line: the entry points, and what the ignored resolutions reported. */
const attwSummary = (json) => {
  const { analysis } = JSON.parse(json);
  const entrypoints = Object.keys(analysis.entrypoints).join(', ');
  const counts = {};
  for (const problem of analysis.problems) {
    const key = `${problem.kind} (${problem.resolutionKind ?? 'any'})`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const problems = Object.entries(counts).map(([k, n]) => `${n}x ${k}`);
  return `entry points ${entrypoints}; ${problems.length === 0 ? 'no problems' : `reported: ${problems.join(', ')}`}`;
};

const checkTarball = (name, tarball) => {
  const failures = [];
  try {
    const output = run(bin('publint'), ['run', tarball, '--strict'], repoRoot, `publint ${name}`);
    console.log(`${name}: publint --strict: ${output.split('\n').slice(3).join(' ').trim()}`);
  } catch (error) {
    console.log(error.message);
    failures.push(`publint ${name}`);
  }
  // Exit 1 only for problems outside the ignored resolutions (CommonJS and node10).
  const attw = spawnSync(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let summary;
  try {
    summary = attwSummary(attw.stdout);
  } catch {
    summary = `${attw.stdout}${attw.stderr}`.trim();
  }
  const ok = attw.status === 0;
  console.log(
    `${name}: attw --profile esm-only: ${ok ? 'passed (node16 from ESM, bundler)' : 'FAILED'}; ${summary}`,
  );
  if (!ok) failures.push(`attw ${name}`);
  return failures;
};

const main = () => {
  const outFlag = process.argv.indexOf('--out');
  const outDir =
    outFlag > 0
      ? path.resolve(process.argv[outFlag + 1])
      : fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-pack-'));
  fs.mkdirSync(outDir, { recursive: true });
  const packages = publishablePackages();
  const started = Date.now();
  const tarballs = packAll(packages, outDir);
  console.log(
    `packed ${packages.length} packages into ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  fs.writeFileSync(path.join(outDir, 'tarballs.json'), `${JSON.stringify(tarballs, null, 2)}\n`);
  const failures = Object.entries(tarballs).flatMap(([name, tarball]) =>
    checkTarball(name, tarball),
  );
  if (outFlag < 0) fs.rmSync(outDir, { recursive: true, force: true });
  if (failures.length > 0) {
    console.log(`check-packages: ${failures.length} check(s) failed: ${failures.join(', ')}`);
    process.exit(1);
  }
  console.log(`check-packages: publint and attw passed for all ${packages.length} packages`);
};

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
