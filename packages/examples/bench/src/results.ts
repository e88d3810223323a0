import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fmt } from './measure.js';

export interface Row {
  readonly workload: string;
  readonly store: string;
  readonly metric: string;
  readonly ours: number;
  readonly theirs?: number;
  /**
   * What the machine allows for the same work with the feature taken away (a bare route, the
   * decider without the facade), measured in the same run; the ratio is then ours / floor.
   */
  readonly floor?: number;
  readonly target?: string;
  readonly note?: string;
}

const ratio = (row: Row): string => {
  if (row.theirs !== undefined && row.theirs !== 0) return `${(row.ours / row.theirs).toFixed(1)}×`;
  if (row.floor !== undefined && row.floor !== 0)
    return `${Math.round((100 * row.ours) / row.floor)} % of floor`;
  return '';
};

/** The table the bench prints, one line per figure, ours beside Emmett's or the floor's where both ran. */
export const printTable = (rows: readonly Row[]): string => {
  const header = ['workload', 'store', 'metric', 'Consentry', 'Emmett', 'floor', 'ratio', 'target'];
  const lines = rows.map((r) => [
    r.workload,
    r.store,
    r.metric,
    fmt(r.ours),
    r.theirs === undefined ? (r.note ?? '—') : fmt(r.theirs),
    r.floor === undefined ? '' : fmt(r.floor),
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
