import type { EventStoreDBClient } from '@eventstore/db-client';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  aggregateFromRead,
  type EventStore,
  type ReadStreamOptions,
  type ReadStreamResult,
  type StoreError,
  type Subscription,
} from '@consentry/core';
import { appendWithChain } from './append.js';
import { revisionOfVersion, toStreamId } from './mapping.js';
import { readAllBatch } from './readAll.js';
import { drain, readHead, toRecorded, type Connection } from './reads.js';
import { subscribeToAllEvents } from './subscribe.js';

export interface EventStoreDbEventStoreOptions {
  /**
   * Attempts for an append with expected version `any` or `stream-exists` that loses a
   * race with a writer in another process (each attempt re-reads the stream head). Default 10.
   */
  readonly maxAppendAttempts?: number;
  /**
   * Gives this store a namespace in a shared database: added to every stream name written,
   * removed on read, and $all is filtered to it (e.g. `tenant1-`). Default: none.
   */
  readonly streamPrefix?: string;
}

/**
 * Reads a stream or part of it. The version is the whole stream's: a read to the end has
 * it in its last event; a read bounded by maxCount (or starting past the end) reads the head too.
 */
const readStreamWith =
  (connection: Connection) =>
  (
    streamName: string,
    options: ReadStreamOptions = {},
  ): TE.TaskEither<StoreError, ReadStreamResult> => {
    const fromVersion = options.fromVersion ?? 1n;
    const toEnd = options.maxCount === undefined;
    if (options.maxCount !== undefined && options.maxCount <= 0) {
      return pipe(
        readHead(connection, streamName),
        TE.map((head) => ({
          streamExists: head.version > 0n,
          currentVersion: head.version,
          events: [],
        })),
      );
    }
    return pipe(
      drain(
        () =>
          connection.client.readStream(toStreamId(connection.prefix, streamName), {
            fromRevision: fromVersion <= 1n ? 0n : revisionOfVersion(fromVersion),
            ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
          }),
        streamName,
      ),
      TE.flatMap((stored) => {
        if (stored === undefined)
          return TE.right({ streamExists: false, currentVersion: 0n, events: [] });
        return pipe(
          TE.fromEither(toRecorded(stored, connection.prefix)),
          TE.flatMap((events) => {
            const last = events[events.length - 1];
            if (toEnd && last !== undefined) {
              return TE.right({ streamExists: true, currentVersion: last.streamPosition, events });
            }
            return pipe(
              readHead(connection, streamName),
              TE.map((head) => ({
                streamExists: head.version > 0n,
                currentVersion: head.version,
                events,
              })),
            );
          }),
        );
      }),
    );
  };

/**
 * The core EventStore over EventStoreDB / KurrentDB, using a client you built (see
 * `eventStoreDbClient`). Streams are EventStoreDB streams; global positions come from $all.
 */
export const eventStoreDbEventStore = (
  client: EventStoreDBClient,
  options: EventStoreDbEventStoreOptions = {},
): EventStore => {
  const connection: Connection = { client, prefix: options.streamPrefix ?? '' };
  const subscriptions = new Set<Subscription>();
  const append = appendWithChain(connection, options.maxAppendAttempts ?? 10);
  const readStream = readStreamWith(connection);
  const subscribe = subscribeToAllEvents(connection, (s) => subscriptions.delete(s));
  return {
    appendToStream: (streamName, events, appendOptions) =>
      append(streamName, events, appendOptions?.expectedVersion ?? 'any'),
    readStream,
    aggregateStream: aggregateFromRead(readStream),
    readAll: readAllBatch(connection),
    subscribe: (subscribeOptions) => {
      const subscription = subscribe(subscribeOptions);
      subscriptions.add(subscription);
      return subscription;
    },
    // The client was given to us, so it stays open; only our own subscriptions end.
    close: async () => {
      await Promise.all([...subscriptions].map((s) => s.stop()));
    },
  };
};
