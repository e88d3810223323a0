import type { NewEvent, RecordedEvent } from './envelope.js';
import { GENESIS_HASH, chainHash } from './hashChain.js';
import { storableEvent } from './prepareAppend.js';

/** One stream of the in-memory store. */
export interface StreamLog {
  readonly name: string;
  readonly events: RecordedEvent[];
  /** hashes[i] is the chain hash of events[i]; filled on demand, always a prefix. */
  readonly hashes: string[];
}

/*
 * Why hashes are lazy: SHA-256 over the canonical JSON costs several microseconds, more than
 * the whole rest of an append. The hash is a pure function of the (frozen, immutable) event
 * and the previous event's hash, so computing it when first read gives exactly the value an
 * eager store would have stored, while appends stay cheap. The loop (not recursion) keeps a
 * first read at the end of a long stream from growing the call stack.
 */
const hashAt = (stream: StreamLog, index: number): string => {
  for (let i = stream.hashes.length; i <= index; i++) {
    const previous = i === 0 ? GENESIS_HASH : (stream.hashes[i - 1] as string);
    stream.hashes.push(chainHash(previous, stream.events[i] as RecordedEvent));
  }
  return stream.hashes[index] as string;
};

const positionIndex = (position: bigint): number => Number(position) - 1;

/**
 * One accessor shared by every event of a store: defined as an own enumerable property, so
 * spreading or JSON-encoding an event still includes its hash, without a closure per event.
 */
export const hashProperty = (streams: ReadonlyMap<string, StreamLog>): PropertyDescriptor => ({
  enumerable: true,
  get(this: RecordedEvent): string {
    return hashAt(streams.get(this.streamName) as StreamLog, positionIndex(this.streamPosition));
  },
});

/*
 * Why a table of small bigints: every event carries its stream position as a bigint, and a
 * new bigint per event is a heap object that the young-generation GC must copy when the
 * store keeps it. Stream positions are small and the same across streams (1, 2, 3, …), so
 * one shared bigint per position serves every stream; only the global position is unique.
 */
const positions: bigint[] = [0n];

/** The bigint for a stream position, shared across streams. */
export const streamPositionOf = (position: number): bigint => {
  for (let p = positions.length; p <= position; p++) positions.push(BigInt(p));
  return positions[position] as bigint;
};

export const record = (
  stream: StreamLog,
  index: number,
  globalPosition: bigint,
  event: NewEvent,
  hash: PropertyDescriptor,
): RecordedEvent => {
  const recorded = {
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    streamName: stream.name,
    streamPosition: streamPositionOf(index + 1),
    globalPosition,
  };
  return Object.freeze(Object.defineProperty(recorded, 'hash', hash) as RecordedEvent);
};

/**
 * Checks, copies and records an append's events in one pass (no Either or copy list per
 * event); `undefined` when one cannot be stored. Nothing is added to the stream here.
 */
export const recordAll = (
  stream: StreamLog,
  version: number,
  firstGlobalPosition: number,
  events: readonly NewEvent[],
  hash: PropertyDescriptor,
): RecordedEvent[] | undefined => {
  const written: RecordedEvent[] = new Array<RecordedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = storableEvent(events[i]);
    if (event === undefined) return undefined;
    written[i] = record(stream, version + i, BigInt(firstGlobalPosition + i), event, hash);
  }
  return written;
};

export const startIndex = (from: bigint | undefined, first: bigint): number =>
  from === undefined || from <= first ? 0 : Number(from - first);
