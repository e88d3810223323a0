import {
  NewEventCodec,
  isEnvelope,
  canonicalJson,
  invalidAppend,
  storeFailure,
  storeUnavailable,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
  type StoreFailure,
  type StoreUnavailable,
} from '@consentry/core';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';

// Everything better-sqlite3-specific about values and errors lives here: SQLite error
// codes, integer columns as bigint, JSON text columns, and the row layout of `events`.

export const sqliteErrorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
};

/** Another connection holds the lock (BUSY) or a shared-cache table lock is held (LOCKED). */
export const isBusy = (error: unknown): boolean => {
  const code = sqliteErrorCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
};

/** The (stream_name, stream_position) key was taken: someone else appended first. */
export const isPositionTaken = (error: unknown): boolean => {
  const code = sqliteErrorCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A thrown driver error as a store error value; `doing` says what we were doing. */
export const toStoreError = (error: unknown, doing: string): StoreUnavailable | StoreFailure => {
  if (isBusy(error)) {
    return storeUnavailable(`SQLite database is busy (${doing}); retry the call`, error);
  }
  return storeFailure(`SQLite error while ${doing}: ${messageOf(error)}`, error);
};

/**
 * Runs a synchronous better-sqlite3 call when the task runs (not when it is built), and
 * turns anything it throws into a value.
 */
export const lazily =
  <A>(doing: string, run: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
  () => {
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.resolve(E.left(toStoreError(error, doing)));
    }
  };

/** An event as the `events` row stores it: type, canonical JSON text of data and metadata. */
export interface EncodedEvent {
  readonly event: NewEvent;
  readonly data: string;
  readonly metadata: string;
}

/** Checks the envelope with its codec and encodes it, or says which field is wrong. */
export const encodeEvent = (
  streamName: string,
  event: NewEvent,
  index: number,
): E.Either<StoreError, EncodedEvent> => {
  if (!isEnvelope(event) && !NewEventCodec.is(event)) {
    const report = PathReporter.report(NewEventCodec.decode(event)).join('; ');
    return E.left(invalidAppend(`Stream ${streamName}, event ${index}: ${report}`));
  }
  // prepareAppend has already checked that data and metadata are plain JSON. The canonical
  // form (sorted keys) is what the chain hash covers, so one encoding serves the row and the
  // hash; it parses back to the same values (key order is not part of an event).
  return E.right({
    event,
    data: canonicalJson(event.data),
    metadata: canonicalJson(event.metadata),
  });
};

/** Column order of every event SELECT; rows come back raw (arrays) with bigint integers. */
const EVENT_COLUMN_NAMES = [
  'global_position',
  'stream_name',
  'stream_position',
  'type',
  'data',
  'metadata',
  'hash',
];
export const EVENT_COLUMNS = EVENT_COLUMN_NAMES.join(', ');
// Longer rows (a query adding columns after these) decode the same.
export type EventRow = readonly [
  bigint,
  string,
  bigint,
  string,
  string,
  string,
  string,
  ...unknown[],
];

const parseJson = (text: string): unknown => JSON.parse(text);

/**
 * A row back to a recorded event, the envelope checked against its io-ts codec: first by
 * core's `isEnvelope` (the same rule written out, held equal to the codec by its spec), then
 * the codec's `is`; `decode` runs only when both refuse, to convert (should the envelope ever
 * gain a transforming codec) or to name the bad field.
 */
export const decodeRow = (row: EventRow): E.Either<StoreError, RecordedEvent> => {
  let envelope: { type: unknown; data: unknown; metadata: unknown };
  try {
    envelope = { type: row[3], data: parseJson(row[4]), metadata: parseJson(row[5]) };
  } catch (error) {
    return E.left(
      storeFailure(`Event at global position ${row[0]} is not valid JSON: ${messageOf(error)}`),
    );
  }
  let valid: NewEvent;
  if (isEnvelope(envelope) || NewEventCodec.is(envelope)) valid = envelope;
  else {
    const decoded = NewEventCodec.decode(envelope);
    if (E.isLeft(decoded)) {
      const report = PathReporter.report(decoded).join('; ');
      return E.left(storeFailure(`Event at global position ${row[0]} does not decode: ${report}`));
    }
    valid = decoded.right;
  }
  return E.right({
    type: valid.type,
    data: valid.data,
    metadata: valid.metadata,
    streamName: row[1],
    streamPosition: row[2],
    globalPosition: row[0],
    hash: row[6],
  });
};

/** Decodes rows in order, stopping at the first bad one. */
export const decodeRows = (
  rows: readonly EventRow[],
  count = rows.length,
): E.Either<StoreError, RecordedEvent[]> => {
  const events = new Array<RecordedEvent>(count);
  for (let i = 0; i < count; i++) {
    const decoded = decodeRow(rows[i] as EventRow);
    if (E.isLeft(decoded)) return decoded;
    events[i] = decoded.right;
  }
  return E.right(events);
};
