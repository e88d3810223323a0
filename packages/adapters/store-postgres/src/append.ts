import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  GENESIS_HASH,
  chainHash,
  invalidAppend,
  matchesExpectedVersion,
  storeUnavailable,
  versionConflict,
  type AppendOptions,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
} from '@consentry/core';
import { MAX_EVENTS_PER_APPEND, isUniqueViolation, toBigInt, toStoreError } from './mapping.js';
import { encodeEvents } from './encode.js';
import type { StreamHead, StreamHeadCache } from './streamHeads.js';
import type { Statements } from './statements.js';

export interface AppendContext {
  readonly pool: pg.Pool;
  readonly sql: Statements;
  readonly heads: StreamHeadCache;
  /** Called after every committed append (wakes subscriptions). */
  readonly onAppended: () => void;
}

// With `any`, each lost race means another writer got in first, so this only runs out
// under extreme contention on one stream; the caller then gets a retryable error.
const MAX_ATTEMPTS = 20;

type Written = { readonly _tag: 'Written'; readonly result: AppendResult } | { readonly _tag: 'LostRace' };

/**
 * Appends in one statement (so one transaction): a compare-and-set on the stream's row in
 * `streams` (its version and last hash) guards the insert of the events, whose hashes are
 * chained from that very last hash. If another writer moved the stream first, nothing is
 * written and the head is read again, so a conflict carries the stream's real version.
 */
export const appendToStream =
  (ctx: AppendContext) =>
  (streamName: string, events: readonly NewEvent[], options?: AppendOptions): TE.TaskEither<StoreError, AppendResult> =>
  async () => {
    if (events.length === 0) return E.left(invalidAppend(`Append to ${streamName}: no events given`));
    if (events.length > MAX_EVENTS_PER_APPEND) {
      return E.left(invalidAppend(`Append to ${streamName}: at most ${MAX_EVENTS_PER_APPEND} events at once`));
    }
    const encoded = encodeEvents(streamName, events);
    if (E.isLeft(encoded)) return encoded;
    const expected = options?.expectedVersion ?? 'any';

    let head = guessHead(ctx.heads, streamName, expected);
    let fresh = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (head === undefined) {
        const read = await readHead(ctx, streamName);
        if (E.isLeft(read)) return read;
        head = read.right;
        fresh = true;
      }
      if (!matchesExpectedVersion(expected, head.version)) {
        if (fresh) return E.left(versionConflict(streamName, expected, head.version));
        head = undefined; // a guess that disagrees: look at the real head before answering
        continue;
      }
      const written = await write(ctx, streamName, head, encoded.right);
      if (E.isLeft(written) || written.right._tag === 'LostRace') ctx.heads.forget(streamName);
      if (E.isLeft(written)) return written;
      if (written.right._tag === 'Written') {
        const last = written.right.result.events[written.right.result.events.length - 1] as RecordedEvent;
        ctx.heads.set(streamName, { version: last.streamPosition, hash: last.hash });
        ctx.onAppended();
        return E.right(written.right.result);
      }
      head = undefined;
    }
    return E.left(storeUnavailable(`Append to ${streamName}: still contended after ${MAX_ATTEMPTS} attempts`));
  };

/** The head to try without reading: known for a new stream, else this process's last sight. */
const guessHead = (heads: StreamHeadCache, streamName: string, expected: ExpectedVersion): StreamHead | undefined => {
  const cached = heads.get(streamName);
  if (cached !== undefined) return cached;
  return expected === 'no-stream' || expected === 0n ? { version: 0n, hash: GENESIS_HASH } : undefined;
};

const readHead = async (ctx: AppendContext, streamName: string): Promise<E.Either<StoreError, StreamHead>> => {
  try {
    const result = await ctx.pool.query<{ version: string; last_hash: string }>(ctx.sql.readHead, [streamName]);
    const row = result.rows[0];
    return E.right(row === undefined ? { version: 0n, hash: GENESIS_HASH } : { version: toBigInt(row.version), hash: row.last_hash });
  } catch (error) {
    return E.left(toStoreError(`read the head of ${streamName}`, error));
  }
};

const write = async (
  ctx: AppendContext,
  streamName: string,
  head: StreamHead,
  events: readonly NewEvent[],
): Promise<E.Either<StoreError, Written>> => {
  let hash = head.hash;
  const chained = events.map((event, index) => {
    const streamPosition = head.version + BigInt(index + 1);
    hash = chainHash(hash, { ...event, streamName, streamPosition });
    return { ...event, streamName, streamPosition, hash };
  });
  const columns = [
    chained.map((e) => e.streamPosition.toString()),
    chained.map((e) => e.type),
    chained.map((e) => JSON.stringify(e.data)),
    chained.map((e) => JSON.stringify(e.metadata)),
    chained.map((e) => e.hash),
  ];
  const nextVersion = head.version + BigInt(events.length);
  const query =
    head.version === 0n
      ? { ...ctx.sql.appendNewStream, values: [streamName, ...columns, nextVersion.toString(), hash] }
      : {
          ...ctx.sql.appendToExisting,
          values: [streamName, ...columns, nextVersion.toString(), hash, head.version.toString(), head.hash],
        };
  try {
    const result = await ctx.pool.query<{ first_position: string | null; written: string }>(query);
    const first = result.rows[0]?.first_position;
    if (first === null || first === undefined) return E.right({ _tag: 'LostRace' });
    const firstPosition = toBigInt(first);
    const recorded = chained.map((e, index) => ({ ...e, globalPosition: firstPosition + BigInt(index) }));
    return E.right({
      _tag: 'Written',
      result: {
        nextExpectedVersion: nextVersion,
        lastGlobalPosition: firstPosition + BigInt(events.length - 1),
        createdNewStream: head.version === 0n,
        events: recorded,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return E.right({ _tag: 'LostRace' });
    return E.left(toStoreError(`append to ${streamName}`, error, true));
  }
};
