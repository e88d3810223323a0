import * as E from 'fp-ts/lib/Either.js';
import { CHECKPOINT_STREAM } from '../audit/checkpointStream.js';
import { forEachEvent, walkLog } from '../eventStore/walkLog.js';
import { canonicalJson } from '../eventStore/hashChain.js';
import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import type { EventStore } from '../eventStore/port.js';
import { streamCategory } from '../eventStore/streamName.js';
import { nhsNumberBlindIndex } from '../patient/reservation.js';
import { streams } from '../shared/streams.js';
import type { KeyringKey } from '../shared/keyring.js';
import { sealedOf } from '../personalData/sealedEvent.js';
import type { PersonalDataStore } from '../personalData/personalDataStore.js';

export interface MigrationReport {
  /** Events copied, sealed where personal. */
  readonly copied: number;
  /** Streams left behind: signed checkpoints (they vouch for the old bytes) and per-number reservations. */
  readonly skipped: number;
  /** Reservations written again, one per registered number, in keyed-HMAC buckets. */
  readonly reservations: number;
}

/*
 * What is not copied, and why (docs/personal-data.md, "Migrating a plain store"):
 * - the audit checkpoints sign the old store's chain heads, which the sealed copy does not
 *   have: sign a new checkpoint of the copy once it is verified;
 * - a reservation stream of the old kind is named by an HMAC of one number, which can be
 *   brute-forced with the keyring key even after erasure: each registered number is
 *   reserved again in its bucket, with the number sealed.
 */
const leftBehind = (event: RecordedEvent): boolean =>
  event.streamName === CHECKPOINT_STREAM ||
  (streamCategory(event.streamName) === 'nhsNumberReservation' &&
    (event.data as { nhsNumber?: unknown }).nhsNumber === undefined);

const asNew = (event: RecordedEvent): NewEvent => ({
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

interface Registered {
  readonly patientId: string;
  readonly nhsNumber: string;
  readonly metadata: RecordedEvent['metadata'];
}

/** Appends a stream's run of consecutive events at the positions they had. */
const copyRun = async (
  target: PersonalDataStore,
  run: readonly RecordedEvent[],
): Promise<E.Either<string, number>> => {
  const [first] = run;
  if (first === undefined) return E.right(0);
  const appended = await target.appendToStream(first.streamName, run.map(asNew), {
    expectedVersion: first.streamPosition - 1n,
  })();
  return E.isLeft(appended)
    ? E.left(`${first.streamName}: ${appended.left.message}`)
    : E.right(run.length);
};

/** Each registered number reserved again, in its keyed-HMAC bucket, with the number sealed. */
const reserveAgain = async (
  target: PersonalDataStore,
  registered: readonly Registered[],
  reservationKey: KeyringKey,
): Promise<E.Either<string, number>> => {
  for (const { patientId, nhsNumber, metadata } of registered) {
    const reserved: NewEvent = {
      type: 'NhsNumberReserved',
      data: { patientId, nhsNumber },
      metadata: { ...metadata, eventId: `${metadata.eventId}.reservation` },
    };
    const stream = streams.nhsNumberReservation(nhsNumberBlindIndex(reservationKey, nhsNumber));
    const appended = await target.appendToStream(stream, [reserved])();
    if (E.isLeft(appended)) return E.left(`${stream}: ${appended.left.message}`);
  }
  return E.right(registered.length);
};

/**
 * Copies every event of a plain store into `target` (an empty store wrapped with a key
 * vault), stream by stream at the same positions, so personal fields are sealed on the way
 * in; then reserves each registered NHS number again under `reservationKey`. A source that
 * already holds sealed events is refused (their keys are in another vault).
 */
export const copyIntoSealedStore = async (
  source: EventStore,
  target: PersonalDataStore,
  reservationKey: KeyringKey,
): Promise<E.Either<string, MigrationReport>> => {
  let copied = 0;
  let skipped = 0;
  const registered: Registered[] = [];
  let pending: RecordedEvent[] = [];
  const flush = async (): Promise<string | undefined> => {
    const done = await copyRun(target, pending);
    pending = [];
    if (E.isLeft(done)) return done.left;
    copied += done.right;
    return undefined;
  };
  /** Queues one source event for copying; a problem that stops the copy, if any. */
  const visit = async (event: RecordedEvent): Promise<string | undefined> => {
    if (sealedOf(event.data) !== undefined)
      return `${event.streamName}@${event.streamPosition} is already sealed`;
    if (leftBehind(event)) {
      skipped += 1;
      return undefined;
    }
    if (event.type === 'PatientRegistered') {
      const data = event.data as { patientId: string; nhsNumber: string };
      registered.push({ ...data, metadata: event.metadata });
    }
    const another = pending[0] !== undefined && pending[0].streamName !== event.streamName;
    const problem = another || pending.length >= 100 ? await flush() : undefined;
    pending.push(event);
    return problem;
  };
  let stopped: string | undefined;
  const walked = await walkLog(
    source,
    { from: 0n, batchSize: 2_000, readAhead: false },
    async (events) => {
      for (const event of events) {
        stopped = await visit(event);
        if (stopped !== undefined) return 'stop';
      }
      return undefined;
    },
  )();
  if (E.isLeft(walked)) return E.left(walked.left.message);
  if (stopped !== undefined) return E.left(stopped);
  const problem = await flush();
  if (problem !== undefined) return E.left(problem);
  const reservations = await reserveAgain(target, registered, reservationKey);
  return E.isLeft(reservations)
    ? reservations
    : E.right({ copied, skipped, reservations: reservations.right });
};

/**
 * Checks a copy (after `copyIntoSealedStore`, with `audit verify` on the copy for its chains): every event of `source` that was copied reads back from `target` (opened)
 * with the same type, data, metadata and position. Returns the first difference, if any.
 */
export const compareCopy = async (
  source: EventStore,
  target: EventStore,
): Promise<E.Either<string, number>> => {
  const expected = new Map<string, string>();
  const read = await forEachEvent(source, 0n, (event) => {
    if (!leftBehind(event))
      expected.set(`${event.streamName}@${event.streamPosition}`, contentOf(event));
  })();
  if (E.isLeft(read)) return E.left(read.left.message);
  let difference: string | undefined;
  let compared = 0;
  const checked = await forEachEvent(target, 0n, (event) => {
    const key = `${event.streamName}@${event.streamPosition}`;
    const want = expected.get(key);
    if (want === undefined) return; // a reservation written again
    if (want !== contentOf(event)) difference ??= `${key} differs from the source`;
    expected.delete(key);
    compared += 1;
  })();
  if (E.isLeft(checked)) return E.left(checked.left.message);
  if (difference !== undefined) return E.left(difference);
  const [missing] = expected.keys();
  return missing === undefined ? E.right(compared) : E.left(`${missing} is missing`);
};

const contentOf = (event: RecordedEvent): string =>
  canonicalJson({ type: event.type, data: event.data, metadata: event.metadata });
