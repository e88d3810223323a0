/** Timing helpers: every figure the bench prints comes through here. */

export interface Rate {
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export const nowNs = (): bigint => process.hrtime.bigint();

/**
 * Collects the garbage of a workload's setup (filling a million events) before it is timed,
 * so it is not charged to whatever runs next; needs `node --expose-gc` (the `bench` script
 * passes it), and does nothing without it.
 */
export const collectSetupGarbage = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

/** Runs `op` `count` times, one after another, and returns the rate. */
export const rateOf = async (count: number, op: (i: number) => unknown): Promise<Rate> => {
  const start = nowNs();
  for (let i = 0; i < count; i += 1) await op(i);
  const seconds = Number(nowNs() - start) / 1e9;
  return { operations: count, seconds, perSecond: count / seconds };
};

/** Runs `op` one call after another for `budgetMs` (and at least `minCalls` calls); the rate of calls. */
export const rateWithin = async (
  budgetMs: number,
  minCalls: number,
  op: (i: number) => Promise<unknown>,
): Promise<Rate> => {
  const start = nowNs();
  const deadline = start + BigInt(budgetMs) * 1_000_000n;
  let calls = 0;
  while (nowNs() < deadline || calls < minCalls) {
    await op(calls);
    calls += 1;
  }
  const seconds = Number(nowNs() - start) / 1e9;
  return { operations: calls, seconds, perSecond: calls / seconds };
};

/** Like `rateOf` for a synchronous operation (no await per call, so the figure is the op's own cost). */
export const rateOfSync = (count: number, op: (i: number) => unknown): Rate => {
  const start = nowNs();
  for (let i = 0; i < count; i += 1) op(i);
  const seconds = Number(nowNs() - start) / 1e9;
  return { operations: count, seconds, perSecond: count / seconds };
};

/** Percentile (0–100) of a sorted array of nanosecond samples, in microseconds. */
export const percentileUs = (sortedNs: Float64Array, p: number): number => {
  const index = Math.min(sortedNs.length - 1, Math.floor((p / 100) * sortedNs.length));
  return (sortedNs[index] ?? 0) / 1000;
};

export const fmt = (n: number): string =>
  n >= 100
    ? Math.round(n).toLocaleString('en-GB')
    : n.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** Unwraps an fp-ts Either from a benchmarked call; a Left is a broken bench, so it throws. */
export const must = <A>(
  result: { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: A },
  what: string,
): A => {
  if (result._tag === 'Left')
    throw new Error(
      `${what} failed: ${JSON.stringify(result.left, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
    );
  return result.right;
};

export const progress = (line: string): void => {
  process.stderr.write(`  … ${line}\n`);
};
