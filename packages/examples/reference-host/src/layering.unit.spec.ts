import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cyclesOf, importGraph } from '../../../../scripts/import-cycles.cjs';

// The host's layers (docs/architecture.md, "The reference host's layers"): no file imports
// itself through others, and no folder of src imports a folder that imports it back.
// Type-only imports count: a circle of types is still a circle to read.

describe('the reference host imports in one direction', () => {
  const cycles = cyclesOf(__dirname);

  it('has no circle of files', () => {
    expect(cycles.fileCycles).toEqual([]);
  });

  // Highest first: a folder imports only folders of the rows below its own, never one of its
  // own row (the pages and the JSON API never import each other), as docs/architecture.md
  // draws it. "." is src's own files: app.ts, routes.ts, index.ts.
  const LAYERS: readonly (readonly string[])[] = [
    ['cli'],
    ['.'],
    ['web', 'api'],
    ['audit', 'oidc'],
    ['fhir'],
    ['http', 'wiring'],
    ['metrics', 'demo'],
    ['config', 'security'],
    ['host', 'personalData'],
  ];

  it('imports only downwards, through the layers of docs/architecture.md', () => {
    const layerOf = new Map(LAYERS.flatMap((row, i) => row.map((folder) => [folder, i] as const)));
    const upOrSideways = [...importGraph(__dirname).folders].flatMap(([from, targets]) =>
      [...targets]
        .filter((to) => !((layerOf.get(to) ?? -1) > (layerOf.get(from) ?? Infinity)))
        .map((to) => `${from} -> ${to}`),
    );
    expect(upOrSideways).toEqual([]);
  });

  it('has no circle of folders', () => {
    expect({ folderCycles: cycles.folderCycles, through: cycles.folderEdges }).toEqual({
      folderCycles: [],
      through: {},
    });
  });
});

describe('the import circle check', () => {
  let dir: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cycles-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sees a circle made only of type imports, re-exports and folder indexes', () => {
    write('a/one.ts', "import type { Two } from '../b/index.js';\nexport type One = Two;\n");
    write('b/index.ts', "export * from './two.js';\n");
    write('b/two.ts', "export type { One as Two } from '../a/one.js';\n");
    write('b/two.unit.spec.ts', "import '../a/one.js';\n");
    write('c.ts', "// import '../a/one.js'\nexport const c = 1;\n");

    const found = cyclesOf(dir);

    expect(found.fileCycles).toEqual([['a/one.ts', 'b/index.ts', 'b/two.ts']]);
    expect(found.folderCycles).toEqual([['a', 'b']]);
    expect(found.fileCount).toBe(4);
  });

  it('sees a circle through a dynamic import and a file directly in src', () => {
    write('app.ts', "export const load = () => import('./web/page.js');\n");
    write(
      'web/page.ts',
      "import { type Ctx } from '../app.js';\nexport const page = (c: Ctx) => c;\n",
    );

    expect(cyclesOf(dir).folderCycles).toEqual([['.', 'web']]);
  });

  it('finds nothing where imports go one way, and leaves test fixtures out of the folders', () => {
    write('app.ts', "import { page } from './web/page.js';\nexport const app = page;\n");
    write('web/page.ts', "import { ctx } from '../host/context.js';\nexport const page = ctx;\n");
    write('host/context.ts', 'export const ctx = 1;\n');
    write(
      'web/__fixtures__/host.ts',
      "import { app } from '../../app.js';\nexport const h = app;\n",
    );

    expect(cyclesOf(dir)).toMatchObject({ fileCycles: [], folderCycles: [] });
  });
});
