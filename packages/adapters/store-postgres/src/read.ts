import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type {
  ReadAllBatch,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  StoreError,
} from '@consentry/core';
import {
  hasEvent,
  int8Param,
  rowToEvent,
  toBigInt,
  toStoreError,
  type EventColumns,
} from './mapping.js';
import type { Statements } from './statements.js';

export interface ReadContext {
  readonly pool: pg.Pool;
  readonly sql: Statements;
  /** How long `readAll` waits for older transactions to finish before returning empty-handed. */
  readonly horizonWaitMs: number;
}

export const MAX_LIMIT = 2 ** 31 - 2;

/**
 * The events from column `at` of each row that has one, in row order, stopping at the first
 * whose global position is not below `below` (rows come in order, so the rest are not either).
 */
export const toEvents = (
  rows: readonly EventColumns[],
  at: number,
  below?: bigint,
): E.Either<StoreError, RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    if (!hasEvent(row, at)) continue;
    const event = rowToEvent(row, at);
    if (E.isLeft(event)) return event;
    if (below !== undefined && event.right.globalPosition >= below) break;
    events.push(event.right);
  }
  return E.right(events);
};

const noStream = (): ReadStreamResult => ({ streamExists: false, currentVersion: 0n, events: [] });

/**
 * One stream's read from its rows, each holding the stream's version in column `at - 1` and
 * an event's columns from `at` on (null when there is none). No rows: no such stream.
 */
export const toStreamRead = (
  rows: readonly EventColumns[],
  at: number,
): E.Either<StoreError, ReadStreamResult> => {
  const first = rows[0];
  if (first === undefined) return E.right(noStream());
  const events = toEvents(rows, at);
  return E.isLeft(events)
    ? events
    : E.right({
        streamExists: true,
        currentVersion: toBigInt(first[at - 1]),
        events: events.right,
      });
};

export const readStream =
  (ctx: ReadContext) =>
  (streamName: string, options?: ReadStreamOptions): TE.TaskEither<StoreError, ReadStreamResult> =>
  async () => {
    const from = options?.fromVersion ?? 1n;
    const limit = Math.min(options?.maxCount ?? MAX_LIMIT, MAX_LIMIT);
    try {
      if (limit <= 0) return E.right(await emptyRead(ctx, streamName));
      const result = await ctx.pool.query<unknown[]>({
        ...ctx.sql.readStream,
        rowMode: 'array',
        values: [streamName, int8Param(from), limit],
      });
      return toStreamRead(result.rows, 1);
    } catch (error) {
      return E.left(toStoreError(`read stream ${streamName}`, error));
    }
  };

// maxCount 0: only the version is wanted.
const emptyRead = async (ctx: ReadContext, streamName: string): Promise<ReadStreamResult> => {
  const result = await ctx.pool.query<{ version: string }>({
    ...ctx.sql.readHead,
    values: [streamName],
  });
  const row = result.rows[0];
  return row === undefined
    ? noStream()
    : { streamExists: true, currentVersion: toBigInt(row.version), events: [] };
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A batch in global order. Events at or past the horizon (see mapping.ts) are held back
 * until every older transaction has ended, so a reader never passes a position that a slower
 * transaction fills in later. If the batch would be empty only because of such a
 * transaction, wait for it a little (read-your-writes for the caller who just appended).
 */
export const readAll =
  (ctx: ReadContext) =>
  (options?: ReadAllOptions): TE.TaskEither<StoreError, ReadAllBatch> =>
  async () => {
    const from = options?.fromPosition ?? 0n;
    const limit = Math.max(1, Math.min(options?.batchSize ?? 1000, MAX_LIMIT));
    const deadline = Date.now() + ctx.horizonWaitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const page = await readPage(ctx, from, limit);
      if (E.isLeft(page)) return page;
      const { safe, held } = page.right;
      if (safe.length === 0 && held > 0 && Date.now() < deadline) {
        await sleep(pause);
        continue;
      }
      const events = safe.slice(0, limit);
      const last = events[events.length - 1];
      return E.right({
        events,
        nextPosition: last === undefined ? from : last.globalPosition + 1n,
        isEnd: held === 0 && safe.length <= limit,
      });
    }
  };

/** Up to limit + 1 events from `from` (one more, to tell a full last batch from one with more), split at the horizon. */
const readPage = async (
  ctx: ReadContext,
  from: bigint,
  limit: number,
): Promise<
  E.Either<StoreError, { readonly safe: readonly RecordedEvent[]; readonly held: number }>
> => {
  let rows: unknown[][];
  try {
    // Each row: the horizon, then an event's columns (null when there is none).
    const result = await ctx.pool.query<unknown[]>({
      ...ctx.sql.readAll,
      rowMode: 'array',
      values: [int8Param(from), limit + 1],
    });
    rows = result.rows;
  } catch (error) {
    return E.left(toStoreError('read all events', error));
  }
  const horizon = toBigInt(rows[0]?.[0] ?? '0');
  const safe = toEvents(rows, 1, horizon);
  if (E.isLeft(safe)) return safe;
  // The LEFT JOIN gives one row without an event when there are none, else one per event.
  const eventRows = rows[0] !== undefined && hasEvent(rows[0], 1) ? rows.length : 0;
  return E.right({ safe: safe.right, held: eventRows - safe.right.length });
};

/**
 * Where a subscription "from the end" starts: after every event committed so far. An append
 * still in flight below that point is concurrent with the subscribe call and counts as
 * earlier; anything started later lands above it (and above the horizon).
 */
export const headPosition =
  (ctx: ReadContext): TE.TaskEither<StoreError, bigint> =>
  async () => {
    try {
      const result = await ctx.pool.query<{ head: string }>(ctx.sql.head);
      return E.right(toBigInt(result.rows[0]?.head ?? '0'));
    } catch (error) {
      return E.left(toStoreError('read the head position', error));
    }
  };
