import { cyclesOf, importGraph } from '../../../scripts/import-cycles.cjs';

// Core's layers (docs/architecture.md, "Core's layers"): no file imports itself through
// others, and no folder imports a folder that imports it back. Type-only imports count.

describe('core imports in one direction', () => {
  const cycles = cyclesOf(__dirname);

  it('has no circle of files', () => {
    expect(cycles.fileCycles).toEqual([]);
  });

  it('has no circle of folders', () => {
    expect({ folderCycles: cycles.folderCycles, through: cycles.folderEdges }).toEqual({
      folderCycles: [],
      through: {},
    });
  });

  // Highest first: a folder imports only folders of the rows below its own, as
  // docs/architecture.md draws it. "." is src's own index.ts.
  const LAYERS: readonly (readonly string[])[] = [
    ['.', 'testing'],
    ['application'],
    ['audit'],
    ['notification', 'projections'],
    ['streams'],
    ['schema'],
    ['trust', 'record', 'refusals'],
    ['consentRecord'],
    ['patient', 'practiceLists'],
    ['organisation'],
    ['shared', 'personalData'],
    ['eventStore'],
  ];

  it('imports only downwards, through the layers of docs/architecture.md', () => {
    const layerOf = new Map(LAYERS.flatMap((row, i) => row.map((folder) => [folder, i] as const)));
    const upOrSideways = [...importGraph(__dirname).folders].flatMap(([from, targets]) =>
      [...targets]
        .filter((to) => to !== from)
        .filter((to) => !((layerOf.get(to) ?? -1) > (layerOf.get(from) ?? Infinity)))
        .map((to) => `${from} -> ${to}`),
    );
    expect(upOrSideways).toEqual([]);
  });
});
