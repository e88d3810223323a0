import { nowNs } from './measure.js';

/** Minor page faults so far in this process: first touches of memory the kernel just gave it. */
export const minorFaults = (): number => process.resourceUsage().minorPageFault;

/**
 * What one first touch of a fresh page costs on this machine, in nanoseconds: touches 64 MiB
 * of newly allocated memory once per 4 KiB page. A heap that grows pays this for every new
 * page, so it bounds how fast any store that keeps its events in memory can take them.
 */
export const firstTouchNs = (): number => {
  const fresh = Buffer.allocUnsafeSlow(64 * 2 ** 20);
  const faults = minorFaults();
  const start = nowNs();
  for (let i = 0; i < fresh.length; i += 4096) fresh[i] = 1;
  const elapsed = Number(nowNs() - start);
  return elapsed / Math.max(1, minorFaults() - faults);
};
