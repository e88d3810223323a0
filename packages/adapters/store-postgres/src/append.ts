import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  GENESIS_HASH,
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
import { MAX_EVENTS_PER_APPEND, toBigInt, toStoreError } from './mapping.js';
import { encodeEvents } from './encode.js';
import { resolveUnknownOutcome, type Outcome } from './resolve.js';
import type { StreamHead, StreamHeadCache } from './streamHeads.js';
import type { Statements } from './statements.js';
import { writeEvents, type Queryable, type WriteEvents } from './writeEvents.js';

export interface AppendContext {
  readonly pool: pg.Pool;
  readonly sql: Statements;
  readonly heads: StreamHeadCache;
  /** The optimistic write (grouped with concurrent appends: see groupWrite.ts). */
  readonly write: WriteEvents;
  /** Called after every committed append (wakes subscriptions). */
  readonly onAppended: () => void;
  /** How long an append whose outcome is unknown keeps trying to find out (see resolve.ts). */
  readonly unknownOutcomeWaitMs: number;
}

// The locked path loses a race only to a concurrent creator of a new stream; after that
// the row exists and the next attempt queues on its lock.
const LOCKED_ATTEMPTS = 3;

/**
 * Appends in one transaction. First optimistically, in one statement and usually one round
 * trip (a compare-and-set on the stream's `streams` row guards the insert); if another writer
 * got in first, again under the row's lock, so racing writers queue rather than spin, and a
 * conflict reports the version read under that lock: the real one.
 */
export const appendToStream =
  (ctx: AppendContext) =>
  (
    streamName: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): TE.TaskEither<StoreError, AppendResult> =>
  async () => {
    if (events.length === 0)
      return E.left(invalidAppend(`Append to ${streamName}: no events given`));
    if (events.length > MAX_EVENTS_PER_APPEND) {
      return E.left(
        invalidAppend(`Append to ${streamName}: at most ${MAX_EVENTS_PER_APPEND} events at once`),
      );
    }
    const encoded = encodeEvents(streamName, events);
    if (E.isLeft(encoded)) return encoded;
    const expected = options?.expectedVersion ?? 'any';

    const write = async (at: ExpectedVersion): Promise<Outcome> => {
      let outcome = await optimistic(ctx, streamName, at, encoded.right);
      for (
        let attempt = 0;
        attempt < LOCKED_ATTEMPTS && E.isRight(outcome) && outcome.right._tag === 'LostRace';
        attempt++
      ) {
        ctx.heads.forget(streamName);
        outcome = await locked(ctx, streamName, at, encoded.right);
      }
      return outcome;
    };
    // The connection broke after the statement went out (a failover, a restart): find out by
    // reading whether it committed, and write again only what was not (resolve.ts).
    const outcome = await resolveUnknownOutcome(
      { ...ctx, horizonWaitMs: 0 },
      streamName,
      encoded.right,
      expected,
      write,
      ctx.unknownOutcomeWaitMs,
    );
    if (E.isLeft(outcome)) {
      ctx.heads.forget(streamName);
      return outcome;
    }
    if (outcome.right._tag === 'LostRace') {
      return E.left(storeUnavailable(`Append to ${streamName}: still contended, try again`));
    }
    const result = outcome.right.result;
    const last = result.events[result.events.length - 1] as RecordedEvent;
    ctx.heads.set(streamName, { version: last.streamPosition, hash: last.hash });
    ctx.onAppended();
    return E.right(result);
  };

/** From the head this process last saw (or the known head of a new stream), else a fresh read. */
const optimistic = async (
  ctx: AppendContext,
  streamName: string,
  expected: ExpectedVersion,
  events: readonly NewEvent[],
): Promise<Outcome> => {
  let head =
    ctx.heads.get(streamName) ??
    (expected === 'no-stream' || expected === 0n ? NEW_STREAM : undefined);
  if (head === undefined || !matchesExpectedVersion(expected, head.version)) {
    // No guess, or a guess that disagrees: answer from the real head.
    const read = await readHead(ctx.pool, ctx.sql.readHead, streamName);
    if (E.isLeft(read)) return read;
    head = read.right;
    if (!matchesExpectedVersion(expected, head.version)) {
      return E.left(versionConflict(streamName, expected, head.version));
    }
  }
  return ctx.write(streamName, head, events);
};

const NEW_STREAM: StreamHead = { version: 0n, hash: GENESIS_HASH };

/** In a transaction holding the stream's row lock (a new stream has no row to lock yet). */
const locked = async (
  ctx: AppendContext,
  streamName: string,
  expected: ExpectedVersion,
  events: readonly NewEvent[],
): Promise<Outcome> => {
  let client: pg.PoolClient;
  try {
    client = await ctx.pool.connect();
  } catch (error) {
    return E.left(toStoreError(`append to ${streamName}`, error));
  }
  try {
    await client.query('BEGIN');
    const head = await readHead(client, ctx.sql.lockHead, streamName);
    const outcome: Outcome = E.isLeft(head)
      ? head
      : !matchesExpectedVersion(expected, head.right.version)
        ? E.left(versionConflict(streamName, expected, head.right.version))
        : await writeEvents(client, ctx.sql)(streamName, head.right, events);
    await client.query(
      E.isRight(outcome) && outcome.right._tag === 'Written' ? 'COMMIT' : 'ROLLBACK',
    );
    client.release();
    return outcome;
  } catch (error) {
    // Only BEGIN, COMMIT or ROLLBACK throw here; the connection is suspect: discard it.
    client.release(error instanceof Error ? error : true);
    return E.left(toStoreError(`append to ${streamName}`, error, true));
  }
};

const readHead = async (
  db: Queryable,
  statement: Statements['readHead'],
  streamName: string,
): Promise<E.Either<StoreError, StreamHead>> => {
  try {
    const result = await db.query<{ version: string; last_hash: string }>({
      ...statement,
      values: [streamName],
    });
    const row = result.rows[0];
    return E.right(
      row === undefined ? NEW_STREAM : { version: toBigInt(row.version), hash: row.last_hash },
    );
  } catch (error) {
    return E.left(toStoreError(`read the head of ${streamName}`, error));
  }
};
