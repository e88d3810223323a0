// What an installed package's files import, against what its package.json declares. A
// dependency a package forgot can still resolve in a test project when npm happens to hoist
// it from another package; reading the files themselves does not depend on that luck.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

const SPECIFIERS = [
  /\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bcreateRequire\([^)]*\)\(\s*['"]([^'"]+)['"]\s*\)/g,
];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });

/** `pg` of `pg/lib/x`, `@scope/name` of `@scope/name/sub`; undefined for relative and built-in. */
export const packageOf = (specifier: string): string | undefined => {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  return builtinModules.includes(name) ? undefined : name;
};

/** `@types/…` name of a package, as DefinitelyTyped spells scoped ones. */
const typesPackage = (name: string): string =>
  `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;

interface Manifest {
  readonly name?: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}
const read = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/**
 * Whether `specifier`, imported by `file`, finds type declarations shipped by the package
 * itself (TypeScript's own NodeNext resolution); `@types/…` found by hoisting do not count.
 */
const hasOwnTypes = (specifier: string, file: string): boolean => {
  const options = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const { resolvedModule } = ts.resolveModuleName(
    specifier,
    file,
    options,
    ts.sys,
    undefined,
    undefined,
    ts.ModuleKind.ESNext,
  );
  return (
    resolvedModule !== undefined &&
    /\.d\.[mc]?ts$/.test(resolvedModule.resolvedFileName) &&
    !resolvedModule.resolvedFileName.includes('/node_modules/@types/')
  );
};

/** The packages a file imports (relative and built-in imports left out). */
const importedPackages = (text: string): Map<string, string> => {
  const names = new Map<string, string>();
  for (const pattern of SPECIFIERS)
    for (const match of text.matchAll(pattern)) {
      const name = packageOf(match[1] ?? '');
      if (name !== undefined) names.set(name, match[1] ?? name);
    }
  return names;
};

/**
 * Every import in the package's .js and .d.ts files of a package it does not declare, and
 * every import in a .d.ts of a package without its own types whose `@types/…` it does not
 * declare (TS7016 for a strict consumer).
 */
export const undeclaredImports = (packageDir: string): string[] => {
  const manifest = read(join(packageDir, 'package.json'));
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems = new Set<string>();
  for (const file of files(packageDir).filter((f) => /\.(m?js|d\.m?ts)$/.test(f))) {
    const where = relative(packageDir, file);
    const types = file.endsWith('.ts');
    for (const [name, specifier] of importedPackages(readFileSync(file, 'utf8'))) {
      if (name === manifest.name) continue;
      if (!declared.has(name)) problems.add(`${where} imports ${name}, not declared`);
      else if (types && !hasOwnTypes(specifier, file) && !declared.has(typesPackage(name)))
        problems.add(`${where} needs ${typesPackage(name)} for ${name}, not declared`);
    }
  }
  return [...problems].sort();
};
