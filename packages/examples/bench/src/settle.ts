import { readFileSync } from 'node:fs';
import { progress } from './measure.js';

interface Sample {
  readonly busyTicks: number;
  readonly totalTicks: number;
  readonly sectorsWritten: number;
}

// Linux's counters: CPU ticks from /proc/stat, 512-byte sectors written from /proc/diskstats
// (whole disks only: partitions would count the same writes twice).
const sample = (): Sample | undefined => {
  try {
    const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    const total = cpu.reduce((sum, ticks) => sum + ticks, 0);
    let sectorsWritten = 0;
    for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
      const fields = line.trim().split(/\s+/);
      const name = fields[2] ?? '';
      if (/^(loop|ram|dm-)/.test(name) || /\d$/.test(name.replace(/^nvme\d+n\d+/, ''))) continue;
      sectorsWritten += Number(fields[9] ?? 0);
    }
    return { busyTicks: total - idle, totalTicks: total, sectorsWritten };
  } catch {
    return undefined; // not Linux: nothing to wait for
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the machine is quiet — under 15 % CPU busy and under 2 MB/s written to disk over
 * half a second — for at most `maxMs`. A million events written to PostgreSQL leave its
 * checkpointer and autovacuum busy for a while; without this, the next workload would be
 * charged for their CPU and disk time.
 */
export const settle = async (maxMs = 60_000): Promise<void> => {
  const started = Date.now();
  let before = sample();
  if (before === undefined) return;
  for (;;) {
    await sleep(500);
    const after = sample();
    if (after === undefined) return;
    const busy =
      (after.busyTicks - before.busyTicks) / Math.max(1, after.totalTicks - before.totalTicks);
    const bytesPerSecond = ((after.sectorsWritten - before.sectorsWritten) * 512) / 0.5;
    if (busy < 0.15 && bytesPerSecond < 2_000_000) break;
    if (Date.now() - started >= maxMs) {
      progress(`the machine did not settle within ${maxMs / 1000} s; going on`);
      return;
    }
    before = after;
  }
  const waited = (Date.now() - started) / 1000;
  if (waited > 1) progress(`waited ${waited.toFixed(1)} s for the machine to settle`);
};
