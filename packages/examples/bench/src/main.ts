import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from './measure.js';
import { settle } from './settle.js';
import { machine, printTable, writeResults, type Row } from './results.js';
import { openInMemory, openPostgres, openSqlite } from './stores.js';
import { appendBench } from './workloads/append.js';
import { sqliteAppendBench } from './workloads/appendSqlite.js';
import { decisionBench } from './workloads/decision.js';
import { facadeBench } from './workloads/facade.js';
import { facadeCostBench } from './workloads/facadeCost.js';
import { httpBench } from './workloads/http.js';
import { readDecideAppendBench } from './workloads/readDecideAppend.js';
import { replayBench } from './workloads/replay.js';

const facadeOnEachStore = async (quick: boolean, add: (rows: Row[]) => void): Promise<void> => {
  for (const [open, target] of [
    [openInMemory, undefined],
    [() => openSqlite('FULL'), '≥ 4,000/s'],
    [openPostgres, '≥ 2,000/s'],
  ] as const) {
    const store = open();
    if (store === undefined) {
      progress('facade on PostgreSQL: skipped, DATABASE_URL is not set');
      continue;
    }
    try {
      await settle();
      add(await facadeBench(store, quick ? 100 : 1_000, quick ? 500 : 5_000, target));
    } finally {
      await store.close();
    }
  }
};

const readDecideAppendOnEachStore = async (
  quick: boolean,
  add: (rows: Row[]) => void,
): Promise<void> => {
  const inMemory = openInMemory();
  try {
    add(
      await readDecideAppendBench(
        inMemory,
        'in-memory',
        quick ? 3_000 : 30_000,
        quick ? 3_000 : 10_000,
      ),
    );
  } finally {
    await inMemory.close();
  }
  const sqlite = openSqlite('FULL');
  try {
    add(await readDecideAppendBench(sqlite, 'SQLite', quick ? 300 : 3_000, quick ? 300 : 1_000));
  } finally {
    await sqlite.close();
  }
};

/** Runs one workload in a child process (this script with `--only name`) and returns its rows. */
const inOwnProcess = async (name: string, quick: boolean): Promise<Row[]> => {
  const rowsFile = join(tmpdir(), `consentry-bench-${process.pid}-${name}.json`);
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    '--only',
    name,
    '--rows-to',
    rowsFile,
    ...(quick ? ['--quick'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the ${name} workload failed (exit ${String(code)})`);
  try {
    return JSON.parse(readFileSync(rowsFile, 'utf8')) as Row[];
  } finally {
    rmSync(rowsFile, { force: true });
  }
};

/**
 * Runs every benchmark once, each workload in a process of its own, prints the table and
 * writes results.json beside the package. `--quick` shrinks every workload (for a smoke run);
 * `--only name,name` runs just those, in this process; `--rows-to file` (used for the child
 * processes) writes the rows there instead of the table.
 */
const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args[args.indexOf('--only') + 1];
  const only =
    args.includes('--only') && onlyArg !== undefined ? new Set(onlyArg.split(',')) : undefined;
  const want = (name: string): boolean => only === undefined || only.has(name);
  const startedAt = new Date();
  if (!args.includes('--rows-to'))
    process.stderr.write(`Consentry bench on ${machine()}${quick ? ' (quick)' : ''}\n`);
  const rows: Row[] = [];
  const add = (more: Row[]): void => {
    rows.push(...more);
  };
  // Each workload starts on a quiet machine (see settle.ts).
  const workloads: readonly (readonly [string, () => Promise<void>])[] = [
    [
      'decision',
      async () => add(await decisionBench(quick ? 1_000 : 10_000, quick ? 50_000 : 500_000)),
    ],
    ['append', async () => add(await appendBench())],
    ['append-sqlite', async () => add(await sqliteAppendBench(quick ? 500 : 3_000))],
    ['facade', () => facadeOnEachStore(quick, add)],
    [
      'facade-floor',
      async () => add(await facadeCostBench(quick ? 100 : 1_000, quick ? 500 : 3_000)),
    ],
    ['rda', () => readDecideAppendOnEachStore(quick, add)],
    [
      'replay',
      async () =>
        add(
          await replayBench(
            [openInMemory, () => openSqlite('NORMAL'), openPostgres],
            quick ? 20_000 : 1_000_000,
            quick ? 20_000 : 1_000_000,
          ),
        ),
    ],
    ['http', async () => add(await httpBench(quick ? 3 : 10))],
  ];
  const rowsTo = args.includes('--rows-to') ? args[args.indexOf('--rows-to') + 1] : undefined;
  for (const [name, run] of workloads) {
    if (!want(name)) continue;
    await settle();
    // A full run gives each workload a process of its own: what one leaves in the heap (the
    // decision workload's 10,000 × 50 world) slowed the next by up to half.
    if (only === undefined) add(await inOwnProcess(name, quick));
    else await run();
  }
  if (rowsTo !== undefined) {
    writeFileSync(rowsTo, JSON.stringify(rows));
    return;
  }
  const table = printTable(rows);
  process.stdout.write(
    `\nConsentry bench — ${machine()} — ${startedAt.toISOString()}\n\n${table}\n`,
  );
  // A partial run (--only) prints its rows and leaves the whole table's files alone.
  if (only === undefined) saveTable(table, rows, startedAt, quick);
};

/** results.json and results.md beside the package (results.quick.* for a quick run). */
const saveTable = (table: string, rows: readonly Row[], startedAt: Date, quick: boolean): void => {
  const here = fileURLToPath(new URL('..', import.meta.url));
  writeResults(join(here, quick ? 'results.quick.json' : 'results.json'), rows, startedAt);
  writeFileSync(join(here, quick ? 'results.quick.md' : 'results.md'), `${table}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
