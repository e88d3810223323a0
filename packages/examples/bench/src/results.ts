import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fmt } from './measure.js';

export interface Row {
  readonly workload: string;
  readonly store: string;
  readonly metric: string;
  readonly ours: number;
  readonly theirs?: number;
  readonly target?: string;
  readonly note?: string;
}

const ratio = (row: Row): string =>
  row.theirs === undefined || row.theirs === 0 ? '' : `${(row.ours / row.theirs).toFixed(1)}×`;

/** The table the bench prints, one line per figure, ours beside Emmett's where both ran. */
export const printTable = (rows: readonly Row[]): string => {
  const header = ['workload', 'store', 'metric', 'Consentry', 'Emmett', 'ratio', 'target'];
  const lines = rows.map((r) => [
    r.workload,
    r.store,
    r.metric,
    fmt(r.ours),
    r.theirs === undefined ? (r.note ?? '—') : fmt(r.theirs),
    ratio(r),
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join(
    '\n',
  );
};

export const machine = (): string => {
  const cpu = cpus()[0];
  return `${cpus().length} × ${cpu?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
};

export const writeResults = (file: string, rows: readonly Row[], startedAt: Date): void => {
  writeFileSync(
    file,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), machine: machine(), rows }, null, 2)}\n`,
  );
};
