import type { EventData, Position } from '@eventstore/db-client';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  chainHash,
  invalidAppend,
  isVersionConflict,
  matchesExpectedVersion,
  prepareAppend,
  storeFailure,
  versionConflict,
  type AppendResult,
  type ExpectedVersion,
  type InvalidAppend,
  type NewEvent,
  type StoreError,
} from '@consentry/core';
import {
  fromClientError,
  toEventData,
  toExpectedRevision,
  toGlobalPosition,
  toStreamId,
} from './mapping.js';
import { drain, readHead, toRecorded, type Connection, type StreamHead } from './reads.js';
import { keyedQueue } from './streamQueue.js';

interface Chained {
  readonly data: readonly EventData[];
  readonly hashes: readonly string[];
}

/** Each new event with its chain hash, continuing from the stream's head. */
const chained = (
  streamName: string,
  head: StreamHead,
  events: readonly NewEvent[],
): E.Either<InvalidAppend, Chained> => {
  const hashes: string[] = [];
  let previous = head.hash;
  for (const [i, event] of events.entries()) {
    previous = chainHash(previous, {
      ...event,
      streamName,
      streamPosition: head.version + BigInt(i) + 1n,
    });
    hashes.push(previous);
  }
  // A plain loop: fp-ts's array traverse copies the array per element (quadratic at 1,000 events).
  const data: EventData[] = [];
  for (const [i, event] of events.entries()) {
    const encoded = toEventData(event, hashes[i] ?? '');
    if (E.isLeft(encoded)) return encoded;
    data.push(encoded.right);
  }
  return E.right({ data, hashes });
};

/** A failed attempt; `concurrent` when the server saw another writer append after the head was read. */
interface AttemptFailure {
  readonly error: StoreError;
  readonly concurrent: boolean;
}

const final = (error: StoreError): AttemptFailure => ({ error, concurrent: false });

/** One event: the append result has its position, so no read is needed. */
const single = (
  streamName: string,
  head: StreamHead,
  event: NewEvent,
  hash: string,
  position: Position | undefined,
) =>
  pipe(
    TE.fromEither(toGlobalPosition(position)),
    TE.map((globalPosition): AppendResult => ({
      nextExpectedVersion: head.version + 1n,
      lastGlobalPosition: globalPosition,
      createdNewStream: head.version === 0n,
      events: [{ ...event, streamName, streamPosition: head.version + 1n, globalPosition, hash }],
    })),
  );

/** Several events: read them back for each one's $all position (the append reports the last only). */
const readBack = (
  connection: Connection,
  streamName: string,
  previousVersion: bigint,
  count: number,
) =>
  pipe(
    drain(
      () =>
        connection.client.readStream(toStreamId(connection.prefix, streamName), {
          fromRevision: previousVersion,
          maxCount: count,
        }),
      streamName,
    ),
    TE.flatMap((stored) => TE.fromEither(toRecorded(stored ?? [], connection.prefix))),
    TE.flatMap((recorded): TE.TaskEither<StoreError, AppendResult> => {
      const last = recorded[recorded.length - 1];
      return recorded.length === count && last !== undefined
        ? TE.right({
            nextExpectedVersion: last.streamPosition,
            lastGlobalPosition: last.globalPosition,
            createdNewStream: previousVersion === 0n,
            events: recorded,
          })
        : TE.left(
            storeFailure(
              `Stream ${streamName}: appended ${count} events but read back ${recorded.length}`,
            ),
          );
    }),
  );

/**
 * One attempt: read the head, check the caller's expectation, then append with the exact
 * revision just read, so a writer that slipped in between causes a conflict, never a
 * broken hash chain.
 */
const attempt = (
  connection: Connection,
  streamName: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): TE.TaskEither<AttemptFailure, AppendResult> =>
  pipe(
    TE.mapLeft(final)(readHead(connection, streamName)),
    TE.flatMap((head) =>
      matchesExpectedVersion(expected, head.version)
        ? TE.right(head)
        : TE.left(final(versionConflict(streamName, expected, head.version))),
    ),
    TE.flatMap((head) =>
      pipe(
        TE.mapLeft(final)(TE.fromEither(chained(streamName, head, events))),
        TE.flatMap(({ data, hashes }) =>
          pipe(
            TE.tryCatch(
              () =>
                connection.client.appendToStream(
                  toStreamId(connection.prefix, streamName),
                  [...data],
                  {
                    expectedRevision: toExpectedRevision(head.version),
                  },
                ),
              (error): AttemptFailure => {
                const mapped = fromClientError(error, { streamName, expected });
                return { error: mapped, concurrent: isVersionConflict(mapped) };
              },
            ),
            TE.flatMap((result) =>
              TE.mapLeft(final)(
                events.length === 1 && events[0] !== undefined && hashes[0] !== undefined
                  ? single(streamName, head, events[0], hashes[0], result.position)
                  : readBack(connection, streamName, head.version, events.length),
              ),
            ),
          ),
        ),
      ),
    ),
  );

/**
 * appendToStream. Appends through one store to one stream are queued, so they never race
 * each other. An exact version or `no-stream` is then checked once: a conflict is the
 * caller's to resolve. `any` and `stream-exists` make no claim about the head, so when
 * another process appends between our head read and our append, the attempt is repeated
 * from a fresh head, at most `maxAttempts` times in all.
 */
export const appendWithChain = (connection: Connection, maxAttempts: number) => {
  const queue = keyedQueue();
  return (
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): TE.TaskEither<StoreError, AppendResult> =>
    pipe(
      TE.fromEither(prepareAppend(streamName, events)),
      TE.flatMap((prepared) => {
        if (toStreamId(connection.prefix, streamName).startsWith('$')) {
          return TE.left(
            invalidAppend(`Stream name "${streamName}" starts with "$" (reserved by EventStoreDB)`),
          );
        }
        const retries = expected === 'any' || expected === 'stream-exists';
        const run = (left: number): TE.TaskEither<StoreError, AppendResult> =>
          pipe(
            attempt(connection, streamName, prepared, expected),
            TE.orElse((failure) =>
              retries && failure.concurrent && left > 1 ? run(left - 1) : TE.left(failure.error),
            ),
          );
        return () => queue(streamName, run(Math.max(1, maxAttempts)));
      }),
    );
};
