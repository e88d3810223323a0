import * as E from 'fp-ts/lib/Either.js';
import type { AppendResult, NewEvent, RecordedEvent, StoreError } from '@consentry/core';
import { isUnknownOutcome } from './mapping.js';
import { readStream, type ReadContext } from './read.js';
import type { Written } from './writeEvents.js';

/** What one attempt at an append came to. */
export type Outcome = E.Either<StoreError, Written>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write`; if its outcome is unknown (the connection broke after the statement was
 * sent: a failover, a crash, a restart), finds out by reading the stream, for up to `waitMs`:
 *
 * - the events are there (matched by event id, which is unique): the append committed, and
 *   its result is what was stored — it is not written again;
 * - none of them is there, read from a server that now accepts writes: it did not commit
 *   (with a synchronous standby, a commit the old primary never acknowledged may be lost in a
 *   failover, and so is not there), so it is written again, once, at the expected version
 *   the caller gave;
 * - the stream cannot be read before `waitMs` passes: the unknown outcome is returned.
 */
export const resolveUnknownOutcome = async (
  ctx: ReadContext,
  streamName: string,
  events: readonly NewEvent[],
  write: () => Promise<Outcome>,
  waitMs: number,
): Promise<Outcome> => {
  let outcome = await write();
  const deadline = Date.now() + waitMs;
  for (let pause = 50; E.isLeft(outcome) && isUnknownOutcome(outcome.left);) {
    const found = await findAppend(ctx, streamName, events);
    if (E.isRight(found)) {
      if (found.right !== undefined) return E.right({ _tag: 'Written', result: found.right });
      outcome = await write();
      continue;
    }
    if (Date.now() + pause > deadline) return outcome;
    await sleep(pause);
    pause = Math.min(pause * 2, 500);
  }
  return outcome;
};

/** The append's events if the stream holds them (all of them: one append is one transaction). */
const findAppend = async (
  ctx: ReadContext,
  streamName: string,
  events: readonly NewEvent[],
): Promise<E.Either<StoreError, AppendResult | undefined>> => {
  const read = await readStream(ctx)(streamName)();
  if (E.isLeft(read)) return read;
  const ids = new Set(events.map((event) => event.metadata.eventId));
  const stored = read.right.events.filter((event) => ids.has(event.metadata.eventId));
  if (stored.length === 0) return E.right(undefined);
  return E.right(written(stored));
};

const written = (stored: readonly RecordedEvent[]): AppendResult => {
  const last = stored[stored.length - 1] as RecordedEvent;
  return {
    nextExpectedVersion: last.streamPosition,
    lastGlobalPosition: last.globalPosition,
    createdNewStream: (stored[0] as RecordedEvent).streamPosition === 1n,
    events: stored,
  };
};
