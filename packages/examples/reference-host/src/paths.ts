import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file sits in src/ (tests) or dist/ (built): either way its parent is the package.
const packageRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
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
