import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file sits in src/web/ (tests) or dist/web/ (built): either way the package is two up.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const nhsukPackage = path.dirname(
  createRequire(import.meta.url).resolve('nhsuk-frontend/package.json'),
);

export const paths = {
  templates: path.join(packageRoot, 'templates'),
  /** nhsuk-frontend's macros are named `nhsuk/components/...`, relative to its dist folder. */
  nhsukTemplates: path.join(nhsukPackage, 'dist'),
  nhsukDist: path.join(nhsukPackage, 'dist', 'nhsuk'),
  nhsukAssets: path.join(nhsukPackage, 'dist', 'nhsuk', 'assets'),
  publicFiles: path.join(packageRoot, 'public'),
} as const;
