import cliProgress from 'cli-progress';
import * as E from 'fp-ts/lib/Either.js';
import { forEachEvent, type EventStore } from '@consentry/core';

export interface Progress {
  /** `count` more events were read. */
  readonly advance: (count: number) => void;
  readonly finish: () => void;
}

export interface ProgressTarget {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const PLAIN_EVERY_MS = 2_000;

/**
 * A bar with events/s and ETA when `out` is a terminal (it needs the total), otherwise a
 * plain line every two seconds, so logs of a long replay stay readable.
 */
export const progress = (
  label: string,
  out: ProgressTarget,
  total: number | undefined,
  now: () => number = Date.now,
): Progress => {
  const started = now();
  let done = 0;
  if (out.isTTY === true && total !== undefined) {
    const bar = new cliProgress.SingleBar(
      {
        stream: out as unknown as NodeJS.WritableStream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: 0 });
    return {
      advance: (count) => {
        done += count;
        const seconds = Math.max((now() - started) / 1000, 0.001);
        bar.update(Math.min(done, total), { rate: Math.round(done / seconds) });
      },
      finish: () => bar.stop(),
    };
  }
  let lastLine = started;
  return {
    advance: (count) => {
      done += count;
      if (now() - lastLine < PLAIN_EVERY_MS) return;
      lastLine = now();
      const rate = Math.round(done / Math.max((lastLine - started) / 1000, 0.001));
      out.write(
        `${label}: ${done}${total === undefined ? '' : `/${total}`} events, ${rate} events/s\n`,
      );
    },
    finish: () => undefined,
  };
};

/** A fast first pass that only counts, so the bar can show a percentage and ETA. */
export const countEvents = async (store: EventStore): Promise<number | undefined> => {
  let count = 0;
  const result = await forEachEvent(store, 0n, () => (count += 1), undefined, 10_000)();
  return E.isRight(result) ? count : undefined;
};
