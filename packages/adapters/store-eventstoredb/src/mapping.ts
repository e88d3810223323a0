/**
 * Every translation between Consentry's event store port and @eventstore/db-client lives
 * here, so moving to the successor client (@kurrent/kurrentdb-client) touches this file
 * only: stream versions, expected-version sentinels, errors, event serialisation and
 * $all positions.
 */
import { createHash } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  convertToCommandError,
  excludeSystemEvents,
  streamNameFilter,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import * as E from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import {
  EventMetadata,
  invalidAppend,
  storeFailure,
  storeUnavailable,
  versionConflict,
  type ExpectedVersion,
  type InvalidAppend,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
  type StoreFailure,
} from '@consentry/core';

// ---------------------------------------------------------------------------------------
// Stream versions. EventStoreDB numbers events from revision 0; core counts them, so the
// core version after an event is its revision + 1 and 0n means "no stream".

export const versionOfRevision = (revision: bigint): bigint => revision + 1n;

/** The revision of the event at core version `version` (≥ 1n). */
export const revisionOfVersion = (version: bigint): bigint => version - 1n;

/** A stream's current revision as the client reports it (NO_STREAM, or -1n from older servers) as a core version. */
export const versionOfCurrentRevision = (current: CurrentRevision): bigint =>
  current === NO_STREAM || current < 0n ? 0n : current + 1n;

/** Core expected version → the client's expected revision. 0n (no events yet) is NO_STREAM. */
export const toExpectedRevision = (expected: ExpectedVersion): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return expected === 0n ? NO_STREAM : revisionOfVersion(expected);
  }
};

/**
 * The client's expected revision → core. Errors built from server metadata carry the
 * legacy numeric sentinels (-1 no stream, -2 any, -4 stream exists), so those map too.
 */
export const fromExpectedRevision = (expected: AppendExpectedRevision): ExpectedVersion => {
  switch (expected) {
    case ANY:
    case -2n:
      return 'any';
    case NO_STREAM:
    case -1n:
      return 'no-stream';
    case STREAM_EXISTS:
    case -4n:
      return 'stream-exists';
    default:
      return versionOfRevision(expected);
  }
};

// ---------------------------------------------------------------------------------------
// Errors. Matched on the client's stable `type` string (after the client's own
// conversion of raw gRPC errors), never with instanceof, so two copies of the client work.

const errorType = (error: unknown): string | undefined => {
  const converted = error instanceof Error ? convertToCommandError(error) : error;
  const type = (converted as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** The stream does not exist (or was soft-deleted): core reads it as empty. */
export const isStreamNotFound = (error: unknown): boolean =>
  errorType(error) === 'stream-not-found';

// Not-leader, unavailable and cancelled are the errors after which the client drops its
// channel and reconnects (rediscovering the leader) on the next call; timeouts may pass.
const UNAVAILABLE_TYPES = new Set([
  'unavailable',
  'not-leader',
  'cancelled',
  'deadline-exceeded',
  'timeout',
]);

interface ClientWrongExpectedVersion {
  readonly streamName?: string;
  readonly expectedVersion: AppendExpectedRevision;
  readonly actualVersion: CurrentRevision;
}

/**
 * Any error the client throws → core StoreError. `expected` is the caller's own expected
 * version, reported in a conflict instead of the exact revision the adapter sent.
 */
interface ErrorContext {
  readonly streamName?: string;
  readonly expected?: ExpectedVersion;
}

const conflictFrom = (error: unknown, context: ErrorContext): StoreError => {
  const wrong = convertToCommandError(error as Error) as unknown as ClientWrongExpectedVersion;
  return versionConflict(
    context.streamName ?? wrong.streamName ?? '',
    context.expected ?? fromExpectedRevision(wrong.expectedVersion),
    versionOfCurrentRevision(wrong.actualVersion),
  );
};

export const fromClientError = (error: unknown, context: ErrorContext = {}): StoreError => {
  const type = errorType(error);
  const message = messageOf(error);
  if (type === 'wrong-expected-version') return conflictFrom(error, context);
  if (type !== undefined && UNAVAILABLE_TYPES.has(type)) {
    return storeUnavailable(`EventStoreDB unavailable (${type}): ${message}`, error);
  }
  // Cluster discovery gives up with a plain Error once maxDiscoverAttempts have failed.
  if (type === undefined && /^Failed to discover after \d+ attempts/.test(message)) {
    return storeUnavailable(`EventStoreDB cluster not reachable: ${message}`, error);
  }
  if (type === 'maximum-append-size-exceeded') {
    return invalidAppend(`The events are larger than the server's maximum append size: ${message}`);
  }
  if (type === 'stream-deleted') {
    return storeFailure(
      `Stream ${context.streamName ?? ''} was deleted permanently (tombstoned)`,
      error,
    );
  }
  return storeFailure(`EventStoreDB ${type ?? 'error'}: ${message}`, error);
};

// ---------------------------------------------------------------------------------------
// $all positions. Events written through gRPC each have their own log position, with
// commit = prepare. Core positions are `2 × commit + 2`: never 0n, increasing, and an odd
// number P = g + 1 ("just after the event at g") still names a real record boundary. Only
// record boundaries are valid read positions: the server rejects one inside a record.

const UNSIGNED_SENTINEL = 2n ** 63n;

/** Core global position of an event at `position` in $all; servers before 22.6 omit it on stream reads. */
export const toGlobalPosition = (position: Position | undefined): E.Either<StoreFailure, bigint> =>
  position === undefined || position.commit < 0n || position.commit >= UNSIGNED_SENTINEL
    ? E.left(
        storeFailure(
          'EventStoreDB did not report the event position in $all; use EventStoreDB 22.10 or later',
        ),
      )
    : E.right(2n * position.commit + 2n);

/** The log position a core global position falls on or just after. */
export const logPositionOf = (globalPosition: bigint): Position => {
  const commit = (globalPosition - 2n) / 2n;
  return { commit, prepare: commit };
};

/** Where reading $all forwards starts so as to include every event at or after `from`; drop events before it. */
export const readAllStart = (from: bigint): ReadPosition =>
  from <= 2n ? START : logPositionOf(from);

export interface SubscriptionStart {
  /** Passed to subscribeToAll, which delivers events strictly after it. */
  readonly after: ReadPosition;
  /** An event exactly at this position must be read and delivered first (inclusive start). */
  readonly exactly?: Position;
}

/** The subscribeToAll start for a core inclusive `from`. */
export const subscriptionStart = (from: bigint): SubscriptionStart => {
  if (from <= 2n) return { after: START };
  const at = logPositionOf(from);
  return from % 2n === 0n ? { after: at, exactly: at } : { after: at };
};

// ---------------------------------------------------------------------------------------
// Stream names. An optional prefix gives a store its own namespace in a shared database
// (several deployments on one cluster, or one contract check each): it is added to every
// stream name written, removed from every name read, and $all is filtered down to it.

export const toStreamId = (prefix: string, streamName: string): string => `${prefix}${streamName}`;

/** The $all subscription filter: the store's namespace, or else all user events. */
export const subscriptionFilter = (prefix: string): Filter =>
  prefix === '' ? excludeSystemEvents() : streamNameFilter({ prefixes: [prefix] });

/** System events (type starting with `$`, as excludeSystemEvents) and other namespaces are not this store's. */
export const isForeignEvent = (resolved: ResolvedEvent, prefix: string): boolean =>
  resolved.event === undefined ||
  resolved.event.type.startsWith('$') ||
  !resolved.event.streamId.startsWith(prefix);

// ---------------------------------------------------------------------------------------
// Serialisation. Data is JSON; metadata is core's metadata plus the chain `hash` and the
// `$correlationId`/`$causationId` keys EventStoreDB's own projections understand. Keys
// starting with `$` belong to the store and are dropped on read.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EventStoreDB ids must be UUIDs: core's eventId when it is one, else a stable UUID derived from it. */
export const eventIdOf = (eventId: string): string => {
  if (UUID.test(eventId)) return eventId.toLowerCase();
  const hex = createHash('sha256').update(`consentry-event-id:${eventId}`).digest('hex');
  // Version 8 (custom) UUID with the RFC 4122 variant, so retries of one event keep one id.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * A new event (already checked for plain JSON by core's `prepareAppend`) with its chain
 * hash → the client's EventData, or why EventStoreDB cannot store it.
 */
export const toEventData = (event: NewEvent, hash: string): E.Either<InvalidAppend, EventData> => {
  if (event.type.length === 0 || event.type.startsWith('$')) {
    return E.left(
      invalidAppend(
        `Event type "${event.type}" is empty or starts with "$" (reserved by EventStoreDB)`,
      ),
    );
  }
  const reserved = Object.keys(event.metadata).find((key) => key === 'hash' || key.startsWith('$'));
  if (reserved !== undefined) {
    return E.left(
      invalidAppend(`Event ${event.type}: metadata key "${reserved}" is reserved by the store`),
    );
  }
  const metadata = {
    ...event.metadata,
    hash,
    $correlationId: event.metadata.correlationId,
    ...(event.metadata.causationId === undefined
      ? {}
      : { $causationId: event.metadata.causationId }),
  };
  return E.right({
    id: eventIdOf(event.metadata.eventId),
    contentType: 'application/json',
    type: event.type,
    // The client stringifies any JSON value; its type only names objects, arrays and strings.
    data: event.data as JSONType,
    metadata,
  });
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Uint8Array);

/** An event read from a stream or from $all → core's recorded event, or a StoreFailure naming what is wrong. */
export const fromResolvedEvent = (
  resolved: ResolvedEvent,
  prefix = '',
): E.Either<StoreFailure, RecordedEvent> => {
  const event = resolved.event;
  if (event === undefined)
    return E.left(storeFailure('EventStoreDB returned a link to a deleted event'));
  const where = `${event.streamId}@${event.revision.toString()} (${event.type})`;
  if (!event.isJson)
    return E.left(storeFailure(`Event ${where} is not JSON; was it written by Consentry?`));
  const stored = event.metadata;
  if (!isRecord(stored) || typeof stored.hash !== 'string') {
    return E.left(
      storeFailure(
        `Event ${where} has no chain hash in its metadata; was it written by Consentry?`,
      ),
    );
  }
  const coreMetadata = Object.fromEntries(
    Object.entries(stored).filter(([key]) => key !== 'hash' && !key.startsWith('$')),
  );
  const decoded = EventMetadata.decode(coreMetadata);
  if (E.isLeft(decoded)) {
    return E.left(
      storeFailure(
        `Event ${where} has invalid metadata: ${PathReporter.report(decoded).join('; ')}`,
      ),
    );
  }
  if (!event.streamId.startsWith(prefix)) {
    return E.left(storeFailure(`Event ${where} is outside this store's stream prefix "${prefix}"`));
  }
  const hash = stored.hash;
  return E.map((globalPosition: bigint) => ({
    type: event.type,
    data: event.data,
    metadata: decoded.right,
    streamName: event.streamId.slice(prefix.length),
    streamPosition: versionOfRevision(event.revision),
    globalPosition,
    hash,
  }))(toGlobalPosition(event.position));
};
