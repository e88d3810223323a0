// A fresh npm project outside the workspace, holding the packed packages as an embedder
// would install them (installed.int.spec.ts). Every step is a child process, as a user
// would run it; each returns its exit code and output for the test to show.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../..');

export interface Ran {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

/** The environment without what pnpm, npm or jest put there for their own child processes. */
const plainEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|pnpm_|PNPM_|NODE_ENV$|NODE_OPTIONS$|JEST_WORKER_ID$|INIT_CWD$)/i.test(key))
      env[key] = value;
  return { ...env, ...extra };
};

export const run = (
  command: string,
  args: readonly string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
  timeoutMs = 240_000,
): Ran => {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: plainEnv(extraEnv),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { code: result.status, output: output.trim(), seconds: (Date.now() - started) / 1000 };
};

const manifest = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** A version pinned somewhere in the workspace, so the fresh project uses the same. */
const pinned = (packageJson: string, section: string, name: string): string => {
  const versions = manifest(join(repoRoot, packageJson))[section] as
    Record<string, string> | undefined;
  const version = versions?.[name];
  if (version === undefined) throw new Error(`${name} is not in ${packageJson} ${section}`);
  return version;
};

/**
 * better-sqlite3's native addon as the workspace compiled it, when the workspace has the version
 * store-sqlite depends on. Compiling it again in the fresh project takes about a minute of CPU
 * and tests better-sqlite3's build, not our packages; without it, the project compiles its own.
 */
const workspaceAddon = (): { version: string; file: string } | undefined => {
  const fromStoreSqlite = createRequire(
    join(repoRoot, 'packages/adapters/store-sqlite/package.json'),
  );
  const manifestPath = fromStoreSqlite.resolve('better-sqlite3/package.json');
  const file = join(dirname(manifestPath), 'build', 'Release', 'better_sqlite3.node');
  const version = manifest(manifestPath)['version'];
  return typeof version === 'string' && existsSync(file) ? { version, file } : undefined;
};

/** Puts the workspace's addon into the fresh project's better-sqlite3, if it was kept out. */
export const reuseAddon = (project: string): void => {
  const addon = workspaceAddon();
  if (addon === undefined) return;
  const installed = join(project, 'node_modules', 'better-sqlite3');
  if (manifest(join(installed, 'package.json'))['version'] !== addon.version) return;
  mkdirSync(join(installed, 'build', 'Release'), { recursive: true });
  copyFileSync(addon.file, join(installed, 'build', 'Release', 'better_sqlite3.node'));
};

interface PackedManifest {
  readonly name: string;
  readonly exports?: Record<string, unknown>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly devDependencies?: Record<string, string>;
}

/** The package.json inside a tarball, as npm will read it. */
const tarballManifest = (tarball: string): PackedManifest => {
  const ran = run('tar', ['-xzOf', tarball, 'package/package.json'], dirname(tarball));
  if (ran.code !== 0) throw new Error(`${tarball}: ${ran.output}`);
  return JSON.parse(ran.output) as PackedManifest;
};

/**
 * The optional peer dependencies of the packages (what a subpath such as a `/testing` entry
 * needs), at the version each package is developed against: an embedder using every entry
 * point installs them, and so does the fresh project.
 */
const optionalPeers = (manifests: readonly PackedManifest[]): Record<string, string> => {
  const peers: Record<string, string> = {};
  for (const m of manifests)
    for (const [peer, meta] of Object.entries(m.peerDependenciesMeta ?? {}))
      if (meta.optional === true && peer !== '@types/node')
        peers[peer] = m.devDependencies?.[peer] ?? m.peerDependencies?.[peer] ?? 'latest';
  return peers;
};

/** src/everyExport.ts: imports every entry point of every package, and counts its exports. */
const everyExport = (manifests: readonly PackedManifest[]): string => {
  const specifiers = manifests.flatMap((m) =>
    Object.keys(m.exports ?? { '.': null })
      .filter((key) => key.startsWith('.') && !key.endsWith('.json'))
      .map((key) => `${m.name}${key.slice(1)}`),
  );
  const imports = specifiers.map((s, i) => `import * as entry${i} from '${s}';`);
  const table = specifiers.map((s, i) => `  ['${s}', Object.keys(entry${i}).length],`);
  return [
    '// Written by the installed-packages test: every entry point of every package.',
    ...imports,
    'const counts: readonly (readonly [string, number])[] = [',
    ...table,
    '];',
    'for (const [entry, count] of counts) console.log(`${entry}: ${count} exports`);',
    '',
  ].join('\n');
};

/**
 * package.json and tsconfig.json of the fresh project. It depends on the tarballs and on what
 * a TypeScript project on Node has anyway (typescript, @types/node), and on nothing the
 * packages should bring themselves: the embedding's own `better-sqlite3`, `pg` and `fp-ts`
 * imports resolve to the copies the adapters depend on, so a dependency an adapter forgot
 * (or an `@types/…` its types need) is missing here too. smtp-server is only for the
 * notify-smtp README's example, which starts a local mail server.
 */
export const writeProject = (dir: string, tarballs: Record<string, string>): void => {
  mkdirSync(join(dir, 'src', 'readme'), { recursive: true });
  const manifests = Object.values(tarballs).map(tarballManifest);
  const dependencies: Record<string, string> = {};
  for (const [name, tarball] of Object.entries(tarballs)) dependencies[name] = `file:${tarball}`;
  const notifySmtp = 'packages/adapters/notify-smtp/package.json';
  const project = {
    name: 'consentry-embedding',
    private: true,
    type: 'module',
    dependencies,
    devDependencies: {
      typescript: pinned('package.json', 'devDependencies', 'typescript'),
      '@types/node': pinned('package.json', 'devDependencies', '@types/node'),
      'smtp-server': pinned(notifySmtp, 'devDependencies', 'smtp-server'),
      '@types/smtp-server': pinned(notifySmtp, 'devDependencies', '@types/smtp-server'),
      ...optionalPeers(manifests),
    },
    // npm 11 runs no dependency's install script unless allowed: better-sqlite3's compiles its
    // addon (see workspaceAddon); protobufjs's (under @eventstore/db-client) prints a warning.
    allowScripts: { 'better-sqlite3': workspaceAddon() === undefined, protobufjs: false },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(project, null, 2)}\n`);
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: false,
    allowJs: true,
    checkJs: true,
    rootDir: 'src',
    outDir: 'dist',
    types: ['node'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  // The same files as a bundler's user would check them.
  const bundler = {
    ...compilerOptions,
    module: 'Preserve',
    moduleResolution: 'Bundler',
    noEmit: true,
  };
  writeFileSync(
    join(dir, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: bundler, include: ['src'] }),
  );
  copyFileSync(join(__dirname, 'embedding.ts'), join(dir, 'src', 'embedding.ts'));
  writeFileSync(join(dir, 'src', 'everyExport.ts'), everyExport(manifests));
};

export const packageDir = (project: string, name: string): string =>
  join(project, 'node_modules', ...name.split('/'));

/** The first fenced code block of a README, with its language (`ts` or `js`). */
export const firstExample = (
  readme: string,
): { language: string; code: string; beforeFirstSection: boolean } | undefined => {
  const match = /^```(ts|typescript|js|javascript)\n([\s\S]*?)^```/m.exec(readme);
  if (match === null) return undefined;
  const firstSection = readme.search(/^## /m);
  return {
    language: match[1]?.startsWith('t') === true ? 'ts' : 'js',
    code: match[2] ?? '',
    beforeFirstSection: firstSection < 0 || match.index < firstSection,
  };
};

/**
 * Writes each installed package's README example into src/readme/, named after the package.
 * A package without a README or an example is left out (the README test names it).
 */
export const writeReadmeExamples = (project: string, names: readonly string[]): string[] =>
  names.flatMap((name) => {
    const readme = join(packageDir(project, name), 'README.md');
    const example = existsSync(readme) ? firstExample(readFileSync(readme, 'utf8')) : undefined;
    if (example === undefined) return [];
    const extension = example.language === 'ts' ? 'ts' : 'mjs';
    const file = join('src', 'readme', `${name.split('/')[1] ?? name}.${extension}`);
    writeFileSync(join(project, file), example.code);
    return [file];
  });

/** Where a README example's compiled (or, for JavaScript, original) file runs from. */
export const runnable = (file: string): string =>
  file.endsWith('.ts') ? file.replace(/^src/, 'dist').replace(/\.ts$/, '.js') : file;

const LINK = /!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g;

/** Relative links of the Markdown files in a package that do not resolve inside it. */
export const brokenLinks = (root: string, markdownFiles: readonly string[]): string[] =>
  markdownFiles.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(LINK)]
      .map((m) => (m[1] ?? '').split('#')[0] ?? '')
      .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .filter((target) => {
        const resolved = resolve(root, dirname(file), target);
        const inside = !relative(root, resolved).startsWith('..');
        return !inside || !existsSync(resolved);
      })
      .map((target) => `${file} -> ${target}`),
  );
