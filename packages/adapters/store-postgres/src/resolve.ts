import * as E from 'fp-ts/lib/Either.js';
import {
  isVersionConflict,
  matchesExpectedVersion,
  versionConflict,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
} from '@consentry/core';
import { isUnknownOutcome } from './mapping.js';
import { readStream, type ReadContext } from './read.js';
import type { Written } from './writeEvents.js';

/** What one attempt at an append came to. */
export type Outcome = E.Either<StoreError, Written>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write` at the caller's expected version; if its outcome is unknown (the connection
 * broke after the statement was sent: a failover, a crash, a restart, a dropped socket), finds
 * out by reading the stream, for up to `waitMs`:
 *
 * - the events are there (matched by event id, which is unique): the append committed, and
 *   its result is what was stored — it is not written again;
 * - none of them is there: they are written again, but only **at the exact version just
 *   read**. The lost statement may still be running on the old connection's server process
 *   (a dropped socket does not stop it); both are compare-and-sets on the same stream head,
 *   so at most one of them writes. If this one loses (`VersionConflict`), the stream is read
 *   again: the lost statement's events are then found, or the stream moved for another
 *   reason and the caller's expected version decides, as for any append;
 * - the stream cannot be read before `waitMs` passes: the unknown outcome is returned.
 *
 * With a synchronous standby, a commit the old primary never acknowledged may be lost in a
 * failover: it is then not found on the new primary, and written once there.
 */
export const resolveUnknownOutcome = async (
  ctx: ReadContext,
  streamName: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  write: (expected: ExpectedVersion) => Promise<Outcome>,
  waitMs: number,
): Promise<Outcome> => {
  let outcome = await write(expected);
  const deadline = Date.now() + waitMs;
  let resolving = E.isLeft(outcome) && isUnknownOutcome(outcome.left);
  for (let pause = 50; resolving;) {
    const read = await readStream(ctx)(streamName)();
    if (E.isRight(read)) {
      const found = appendIn(read.right.events, events);
      if (found !== undefined) return E.right({ _tag: 'Written', result: found });
      const version = read.right.currentVersion;
      if (!matchesExpectedVersion(expected, version))
        return E.left(versionConflict(streamName, expected, version));
      outcome = await write(version === 0n ? 'no-stream' : version);
      // Lost to another write at that version (perhaps the lost statement itself): read again.
      resolving =
        E.isLeft(outcome) && (isUnknownOutcome(outcome.left) || isVersionConflict(outcome.left));
      if (!resolving) return outcome;
      continue;
    }
    if (Date.now() + pause > deadline) return outcome;
    await sleep(pause);
    pause = Math.min(pause * 2, 500);
  }
  return outcome;
};

/** The append's events if the stream holds them (all of them: one append is one transaction). */
const appendIn = (
  stored: readonly RecordedEvent[],
  events: readonly NewEvent[],
): AppendResult | undefined => {
  const ids = new Set(events.map((event) => event.metadata.eventId));
  const ours = stored.filter((event) => ids.has(event.metadata.eventId));
  return ours.length === 0 ? undefined : written(ours);
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
