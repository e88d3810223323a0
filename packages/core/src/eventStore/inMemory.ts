import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { aggregateFromRead } from './aggregate.js';
import type { NewEvent, RecordedEvent } from './envelope.js';
import { versionConflict, type StoreError } from './errors.js';
import { matchesExpectedVersion } from './expectedVersion.js';
import {
  hashProperty,
  recordAll,
  startIndex,
  streamPositionOf,
  type StreamLog,
} from './inMemoryLog.js';
import { pollingSubscription } from './pollingSubscription.js';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllBatch,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  Subscription,
} from './port.js';
import { appendProblem } from './prepareAppend.js';

const NOTHING_NEW: readonly RecordedEvent[] = Object.freeze([]);

const isWellFormed = (streamName: string, events: readonly NewEvent[]): boolean =>
  typeof streamName === 'string' && streamName.length > 0 && events.length > 0;

export interface InMemoryEventStoreOptions {
  /**
   * How often an idle subscription re-reads the log. Appends through the store wake
   * subscriptions at once, so this is only a safety net. Default 1,000 ms.
   */
  readonly pollIntervalMs?: number;
}

/**
 * An event store in process memory, for tests, examples and simulations. Appends cost the
 * same at any size (a map lookup and array pushes); global position is the log index + 1.
 */
export const inMemoryEventStore = (options: InMemoryEventStoreOptions = {}): EventStore => {
  const streams = new Map<string, StreamLog>();
  const log: RecordedEvent[] = [];
  const listeners = new Set<() => void>();
  const subscriptions = new Set<Subscription>();
  const hash = hashProperty(streams);

  // Runs synchronously inside the task, so a multi-event append can never interleave with another.
  const append = (
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): E.Either<StoreError, AppendResult> => {
    const existing = streams.get(streamName);
    const version = existing === undefined ? 0 : existing.events.length;
    // A shared bigint, and the last event is not touched: one cache miss fewer in a large store.
    const currentVersion = streamPositionOf(version);
    if (!isWellFormed(streamName, events) || !matchesExpectedVersion(expected, currentVersion)) {
      // Input that cannot be stored is reported before a conflict, as by every store.
      return E.left(
        appendProblem(streamName, events) ?? versionConflict(streamName, expected, currentVersion),
      );
    }
    const stream = existing ?? { name: streamName, events: [], hashes: [] };
    const written = recordAll(stream, version, log.length + 1, events, hash);
    if (written === undefined) return E.left(appendProblem(streamName, events) as StoreError);
    if (existing === undefined) streams.set(streamName, stream);
    for (const event of written) {
      stream.events.push(event);
      log.push(event);
    }
    if (listeners.size > 0) for (const listener of listeners) listener();
    const last = written[written.length - 1] as RecordedEvent;
    return E.right({
      nextExpectedVersion: last.streamPosition,
      lastGlobalPosition: last.globalPosition,
      createdNewStream: existing === undefined,
      events: written,
    });
  };

  // Read when the task runs, answered with one settled promise (TE.fromIO's extra promise
  // and turn of the microtask queue were a visible share of a check: docs/performance.md).
  const readStream =
    (
      streamName: string,
      read: ReadStreamOptions = {},
    ): TE.TaskEither<StoreError, ReadStreamResult> =>
    () => {
      const stream = streams.get(streamName);
      if (stream === undefined)
        return Promise.resolve(E.right({ streamExists: false, currentVersion: 0n, events: [] }));
      const length = stream.events.length;
      const from = startIndex(read.fromVersion, 1n);
      const to = read.maxCount === undefined ? length : from + Math.max(0, read.maxCount);
      return Promise.resolve(
        E.right({
          streamExists: true,
          // The shared bigint, as appends use; nothing new read is the shared empty list.
          currentVersion: streamPositionOf(length),
          events: from >= length || to <= from ? NOTHING_NEW : stream.events.slice(from, to),
        }),
      );
    };

  const readAll = (read: ReadAllOptions = {}): TE.TaskEither<StoreError, ReadAllBatch> =>
    TE.fromIO(() => {
      const from = startIndex(read.fromPosition, 1n);
      // A batch size below one would never advance; read at least one event.
      const size = Math.max(1, Math.floor(read.batchSize ?? 1000));
      const events = log.slice(from, from + size);
      const fallback =
        read.fromPosition !== undefined && read.fromPosition > 1n ? read.fromPosition : 1n;
      return {
        events,
        nextPosition: events.length > 0 ? BigInt(from + events.length + 1) : fallback,
        isEnd: from + events.length >= log.length,
      };
    });

  return {
    appendToStream:
      (streamName, events, appendOptions = {}) =>
      () =>
        Promise.resolve(append(streamName, events, appendOptions.expectedVersion ?? 'any')),
    readStream,
    aggregateStream: aggregateFromRead(readStream),
    readAll,
    subscribe: (subscribe) => {
      const subscription = pollingSubscription(
        {
          readAll,
          headPosition: () => TE.right(BigInt(log.length + 1)),
          onAppend: (listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
          pollIntervalMs: options.pollIntervalMs ?? 1000,
        },
        subscribe,
      );
      subscriptions.add(subscription);
      return {
        stop: async () => {
          subscriptions.delete(subscription);
          await subscription.stop();
        },
      };
    },
    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      subscriptions.clear();
    },
  };
};
