import { BACKWARDS, END, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { GENESIS_HASH, type RecordedEvent, type StoreError } from '@consentry/core';
import {
  fromClientError,
  fromResolvedEvent,
  isStreamNotFound,
  toStreamId,
  versionOfRevision,
} from './mapping.js';

/** What every operation needs: the client and the store's stream-name prefix ('' for none). */
export interface Connection {
  readonly client: EventStoreDBClient;
  readonly prefix: string;
}

/** Drains one of the client's streaming reads; a missing stream is `undefined`, not an error. */
export const drain = (
  read: () => AsyncIterable<ResolvedEvent>,
  streamName?: string,
): TE.TaskEither<StoreError, readonly ResolvedEvent[] | undefined> =>
  TE.tryCatch(
    async () => {
      const events: ResolvedEvent[] = [];
      try {
        for await (const resolved of read()) events.push(resolved);
      } catch (error) {
        if (isStreamNotFound(error)) return undefined;
        throw error;
      }
      return events;
    },
    (error) => fromClientError(error, streamName === undefined ? {} : { streamName }),
  );

/** Maps every event, stopping at the first one that cannot be read. */
export const toRecorded = (
  events: readonly ResolvedEvent[],
  prefix: string,
): E.Either<StoreError, readonly RecordedEvent[]> => {
  const recorded: RecordedEvent[] = [];
  for (const resolved of events) {
    const mapped = fromResolvedEvent(resolved, prefix);
    if (E.isLeft(mapped)) return mapped;
    recorded.push(mapped.right);
  }
  return E.right(recorded);
};

export interface StreamHead {
  /** Core version: 0n when the stream does not exist. */
  readonly version: bigint;
  /** Hash of the last event, or GENESIS_HASH. */
  readonly hash: string;
}

/** The stream's last event, read backwards from its end (one event, whatever the stream's length). */
export const readHead = (
  { client, prefix }: Connection,
  streamName: string,
): TE.TaskEither<StoreError, StreamHead> =>
  pipe(
    drain(
      () =>
        client.readStream(toStreamId(prefix, streamName), {
          direction: BACKWARDS,
          fromRevision: END,
          maxCount: 1,
        }),
      streamName,
    ),
    TE.flatMap((events) => {
      const last = events?.[0];
      if (last === undefined) return TE.right({ version: 0n, hash: GENESIS_HASH });
      return pipe(
        TE.fromEither(fromResolvedEvent(last, prefix)),
        TE.map((event) => ({
          version: versionOfRevision(last.event?.revision ?? 0n),
          hash: event.hash,
        })),
      );
    }),
  );
