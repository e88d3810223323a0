/**
 * Everything PostgreSQL-specific about values and errors lives here: how a global position
 * is built from a transaction id, how rows become `RecordedEvent`s, and how SQLSTATEs and
 * socket errors become the core's `StoreError`s.
 */
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import {
  NewEventCodec,
  isEnvelope,
  storeFailure,
  storeUnavailable,
  invalidAppend,
  type RecordedEvent,
  type StoreError,
} from '@consentry/core';

/**
 * A global position is `(transaction id << 16) + index of the event in its append`.
 * One append is one transaction, so the pair (xid8, index) is unique and its order is the
 * order readers release events in (see docs/adapters/postgres.md, "Global order").
 */
export const INDEX_BITS = 16n;
export const MAX_EVENTS_PER_APPEND = 2 ** Number(INDEX_BITS);

/** SQL for the position of event `index` of the current transaction's append. */
export const positionSql = (indexSql: string): string =>
  `((pg_current_xact_id()::text::bigint << ${INDEX_BITS}) + (${indexSql}))`;

/** A bigint as an int8 parameter: pg takes it as decimal text (a JS number could lose digits). */
export const int8Param = (value: bigint): string => value.toString();

/** int8 arrives from pg as a decimal string (it may not fit a JS number). */
export const toBigInt = (value: unknown): bigint =>
  typeof value === 'bigint' ? value : BigInt(value as string | number);

/**
 * An event's columns as pg returns them in array row mode, in `EVENT_COLUMNS` order
 * (statements.ts), starting at some offset of the row. Arrays, not objects: replay decodes
 * millions of rows, and pg builds a fresh object with a key per column for each.
 */
export type EventColumns = readonly unknown[];

/** The offsets of `EVENT_COLUMNS` within the event's part of a row. */
const GLOBAL_POSITION = 0;
const STREAM_NAME = 1;
const STREAM_POSITION = 2;
const TYPE = 3;
const DATA = 4;
const METADATA = 5;
const HASH = 6;

/** True when the row has an event from `at` on (a LEFT JOIN leaves them null when it has none). */
export const hasEvent = (row: EventColumns, at: number): boolean =>
  row[at + GLOBAL_POSITION] !== null && row[at + GLOBAL_POSITION] !== undefined;

/**
 * The event stored from column `at` of a row, checked by the core envelope codec: first
 * by the same check written out (core's isEnvelope; replay reads millions of rows), then by
 * the codec's guard; only a row that fails both is decoded, for a message naming the bad field.
 */
export const rowToEvent = (row: EventColumns, at: number): E.Either<StoreError, RecordedEvent> => {
  const event = {
    type: row[at + TYPE] as string,
    data: row[at + DATA],
    metadata: row[at + METADATA],
    streamName: row[at + STREAM_NAME] as string,
    streamPosition: toBigInt(row[at + STREAM_POSITION]),
    globalPosition: toBigInt(row[at + GLOBAL_POSITION]),
    hash: row[at + HASH] as string,
  };
  if (isEnvelope(event) || NewEventCodec.is(event)) return E.right(event);
  const envelope = NewEventCodec.decode(event);
  const problem = E.isLeft(envelope)
    ? PathReporter.report(envelope).join('; ')
    : 'it fails the envelope codec';
  return E.left(
    storeFailure(
      `Stored event ${event.streamName}@${event.streamPosition} is not a valid event: ${problem}`,
    ),
  );
};

// ---- errors -------------------------------------------------------------------------------

const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * True when the server answered the statement with an error: it was rolled back, so nothing
 * of it was written. Not for a lost connection or a server shutting down, where the commit
 * may have happened before the error.
 */
export const refusedByServer = (error: unknown): boolean => {
  const code = sqlState(error);
  return (
    error instanceof pg.DatabaseError &&
    code !== undefined &&
    !code.startsWith('08') &&
    !code.startsWith('57P')
  );
};

/** 23505: a unique constraint refused the row; for an append it means another writer won. */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';

// Retryable: the server is going away, starting, overloaded, or a lock/timeout gave up.
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown (server restart / pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '57014', // query_canceled (statement_timeout)
  '55P03', // lock_not_available (lock_timeout)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /terminating connection/i,
];

const isUnavailable = (error: unknown): boolean => {
  const code = sqlState(error);
  if (code !== undefined && (UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true;
  if (code !== undefined && UNAVAILABLE_SOCKET_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
};

const describe = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const code = sqlState(error);
  return code === undefined ? message : `${message} (${code})`;
};

const UNKNOWN_OUTCOME =
  '; the append may or may not have been written: read the stream before retrying';

/** True for an append whose connection broke after the statement was sent: it may have committed. */
export const isUnknownOutcome = (error: StoreError): boolean =>
  error._tag === 'StoreUnavailable' && error.message.endsWith(UNKNOWN_OUTCOME);

// No connection was made (refused, no route, no name, the server still starting, no slot,
// no server of a multi-host string fits): the statement was never sent, so nothing was written.
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const neverSent = (error: unknown): boolean => {
  const code = sqlState(error);
  if (code !== undefined && (NEVER_SENT.has(code) || ['57P03', '53300', '08001'].includes(code)))
    return true;
  const message = error instanceof Error ? error.message : String(error);
  return /timeout exceeded when trying to connect|connection timeout/i.test(message);
};

/**
 * A driver error as a core error. `doing` names the operation, e.g. "append to patient-1".
 * Data exceptions (class 22) and row-size limits (54000) are the caller's input: InvalidAppend
 * when appending. An interrupted append may or may not have committed, and the message says so.
 */
export const toStoreError = (doing: string, error: unknown, appending = false): StoreError => {
  if (isUnavailable(error)) {
    const unknownOutcome = appending && !neverSent(error) ? UNKNOWN_OUTCOME : '';
    return storeUnavailable(
      `PostgreSQL unavailable while trying to ${doing}: ${describe(error)}${unknownOutcome}`,
      error,
    );
  }
  const code = sqlState(error);
  if (appending && code !== undefined && (code.startsWith('22') || code === '54000')) {
    return invalidAppend(`PostgreSQL refused the events for ${doing}: ${describe(error)}`);
  }
  return storeFailure(`PostgreSQL failed to ${doing}: ${describe(error)}`, error);
};
