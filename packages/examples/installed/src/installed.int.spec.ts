// The published packages as an embedder installs them (docs/releasing.md): every publishable
// package is built and packed (`pnpm check:packages`, which also runs publint and
// @arethetypeswrong/cli on the tarballs), the tarballs are installed with npm into a fresh
// project in the system's temp folder (no workspace, no links), a small embedding and every
// README's example are compiled there with `strict` and `skipLibCheck: false`, and run: in
// memory, on SQLite, and on PostgreSQL when DATABASE_URL is set. npm needs the registry.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { undeclaredImports } from './declaredImports.js';
import {
  brokenLinks,
  firstExample,
  packageDir,
  repoRoot,
  reuseAddon,
  run,
  runnable,
  writeProject,
  writeReadmeExamples,
  type Ran,
} from './freshProject.js';

const databaseUrl = process.env['DATABASE_URL'];
const timings: string[] = [];
const results: string[] = [];
const timed = (step: string, ran: Ran): Ran => {
  timings.push(`${step} ${ran.seconds.toFixed(1)} s`);
  return ran;
};
/** Passes with the command's output on screen when it fails, so CI shows what broke. */
const expectSuccess = (ran: Ran): void =>
  expect({ code: ran.code, output: ran.code === 0 ? '' : ran.output }).toEqual({
    code: 0,
    output: '',
  });

const work = mkdtempSync(join(tmpdir(), 'consentry-installed-'));
const project = join(work, 'project');
let tarballs: Record<string, string> = {};
let checks: Ran;
let install: Ran | undefined;
let examples: string[] = [];

// Every step is a synchronous child process with its own time limit (4 minutes, in `run`), so
// jest's per-test timeout never interrupts one; the whole setup gets 7 minutes.
beforeAll(() => {
  checks = timed(
    'pack + publint + attw',
    run(
      process.execPath,
      ['scripts/check-packages.cjs', '--out', join(work, 'tarballs')],
      repoRoot,
    ),
  );
  if (checks.code !== 0) return;
  tarballs = JSON.parse(readFileSync(join(work, 'tarballs', 'tarballs.json'), 'utf8')) as Record<
    string,
    string
  >;
  writeProject(project, tarballs);
  install = timed(
    'npm install',
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project),
  );
  if (install.code !== 0) return;
  reuseAddon(project);
  examples = writeReadmeExamples(project, Object.keys(tarballs));
}, 420_000);

afterAll(() => {
  console.log(`installed packages, ${timings.join(', ')}\n${results.join('\n')}`);
  rmSync(work, { recursive: true, force: true });
});

const walk = (dir: string, root = dir): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, root) : [relative(root, path)];
  });

describe('the published packages, installed with npm in a fresh project', () => {
  it('pack, and pass publint --strict and attw (ES modules)', () => {
    expectSuccess(checks);
    expect(Object.keys(tarballs)).toEqual(
      expect.arrayContaining([
        '@consentry/core',
        '@consentry/store-sqlite',
        '@consentry/store-postgres',
      ]),
    );
  });

  it('install from their tarballs alone: no registry copy or workspace link of a @consentry package', () => {
    expectSuccess(install ?? { code: null, output: 'not installed', seconds: 0 });
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string; link?: boolean }>;
    };
    const ours = Object.entries(lock.packages).filter(([path]) =>
      path.includes('node_modules/@consentry/'),
    );
    expect(ours.map(([path]) => path).sort()).toEqual(
      Object.keys(tarballs)
        .map((n) => `node_modules/${n}`)
        .sort(),
    );
    for (const [, entry] of ours) expect(entry.resolved).toMatch(/^file:.*\.tgz$/);
  });

  it('ship a README that starts with an example, and docs that its links reach inside the package', () => {
    expect(Object.keys(tarballs).length).toBeGreaterThan(0);
    const problems = Object.keys(tarballs).flatMap((name) => {
      const dir = packageDir(project, name);
      const markdown = walk(dir).filter((f) => f.endsWith('.md') && !f.startsWith('node_modules'));
      const missing = ['README.md', 'CHANGELOG.md'].filter((f) => !markdown.includes(f));
      const readme = missing.includes('README.md')
        ? ''
        : readFileSync(join(dir, 'README.md'), 'utf8');
      return [
        ...missing.map((file) => `${name}: no ${file}`),
        ...(readme !== '' && firstExample(readme)?.beforeFirstSection !== true
          ? [`${name}: README.md does not start with a ts or js example`]
          : []),
        ...brokenLinks(dir, markdown).map((link) => `${name}: ${link} does not resolve`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('declare every package that their code and types import (and its @types)', () => {
    expect(Object.keys(tarballs).length).toBeGreaterThan(0);
    const undeclared = Object.keys(tarballs).flatMap((name) =>
      undeclaredImports(packageDir(project, name)).map((problem) => `${name}: ${problem}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('compile, with the embedding and every README example, under strict and skipLibCheck false', () => {
    // Both compilers run before anything is asserted, so a failure shows every error.
    const nodeNext = timed('tsc (NodeNext)', run('npx', ['tsc', '-p', 'tsconfig.json'], project));
    const bundler = timed(
      'tsc (Bundler)',
      run('npx', ['tsc', '-p', 'tsconfig.bundler.json'], project),
    );
    expect({
      nodeNext: nodeNext.code === 0 ? 'no errors' : nodeNext.output,
      bundler: bundler.code === 0 ? 'no errors' : bundler.output,
      readmeExamples: examples.length,
    }).toEqual({
      nodeNext: 'no errors',
      bundler: 'no errors',
      readmeExamples: Object.keys(tarballs).length,
    });
  });

  const decisions = {
    asked: 'verify',
    entered: 'permit',
    checked: 'permit',
    fhirBundleType: 'collection',
  };
  const embedding = (args: readonly string[]): unknown => {
    const ran = timed(
      `embedding ${args[0] ?? ''}`,
      run(process.execPath, ['dist/embedding.js', ...args], project),
    );
    expectSuccess(ran);
    const line = ran.output.split('\n').at(-1) ?? '';
    results.push(line);
    return JSON.parse(line);
  };

  it('load every entry point of every package', () => {
    const ran = timed('every entry point', run(process.execPath, ['dist/everyExport.js'], project));
    expectSuccess(ran);
    const entries = ran.output.split('\n');
    expect(entries).toContainEqual(expect.stringMatching(/^@consentry\/core\/testing: /));
    for (const line of entries) expect(line).toMatch(/^@consentry\/[\w/-]+: [1-9]\d* exports$/);
  });

  it('run the embedding in memory', () => {
    expect(embedding(['memory'])).toEqual(
      expect.objectContaining({ store: 'memory', ...decisions }),
    );
  });

  it('run the embedding on SQLite', () => {
    expect(embedding(['sqlite', join(work, 'embedding.db')])).toEqual(
      expect.objectContaining({ store: 'sqlite', ...decisions }),
    );
  });

  (databaseUrl === undefined ? it.skip : it)(
    'run the embedding on PostgreSQL (DATABASE_URL)',
    () => {
      expect(embedding(['postgres', databaseUrl ?? ''])).toEqual(
        expect.objectContaining({ store: 'postgres', ...decisions }),
      );
    },
  );

  const example = (name: string, env: Record<string, string> = {}): Ran => {
    const file = examples.find((f) => f.includes(`/${name}.`)) ?? `missing example ${name}`;
    return timed(
      `README ${name}`,
      run(process.execPath, [join(project, runnable(file))], work, env),
    );
  };

  it('run the README examples that need no outside service: core, store-sqlite, fhir, notify-smtp', () => {
    const core = example('core');
    expectSuccess(core);
    expect(core.output).toBe('asked: verify, after the code: permit');
    const sqlite = example('store-sqlite');
    expectSuccess(sqlite);
    expect(sqlite.output).toBe("version 1: [ 'SharingPreferenceSet' ]");
    const fhir = example('fhir');
    expectSuccess(fhir);
    expect(JSON.parse(fhir.output)).toEqual(
      expect.objectContaining({ resourceType: 'Bundle', type: 'collection' }),
    );
    const smtp = example('notify-smtp');
    expectSuccess(smtp);
    expect(smtp.output).toMatch(/^sent /m);
  });

  (databaseUrl === undefined ? it.skip : it)(
    'run the store-postgres README example (DATABASE_URL)',
    () => {
      const postgres = example('store-postgres', { DATABASE_URL: databaseUrl ?? '' });
      expectSuccess(postgres);
      expect(postgres.output).toMatch(/^Right VersionConflict 1n/);
    },
  );
});
