import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { ReadAllBatch, ReadAllOptions, StoreError } from '@consentry/core';

type ReadAll = (options?: ReadAllOptions) => TE.TaskEither<StoreError, ReadAllBatch>;

const isFull = (batch: ReadAllBatch, limit: number): boolean =>
  !batch.isEnd && batch.events.length === limit;

/**
 * Replay reads batch after batch: while the caller handles one, the next is already being
 * read, so the server and this process work at the same time. Only after a full batch, and
 * only a full batch is used: its events all lie below the horizon, where no new event can
 * appear, so a batch read a moment early is the same batch.
 */
export const withReadAhead = (read: ReadAll): ReadAll => {
  let ahead:
    | {
        readonly from: bigint;
        readonly limit: number;
        readonly batch: Promise<E.Either<StoreError, ReadAllBatch>>;
      }
    | undefined;
  const takeEarly = async (
    from: bigint,
    limit: number,
  ): Promise<E.Either<StoreError, ReadAllBatch> | undefined> => {
    const match =
      ahead !== undefined && ahead.from === from && ahead.limit === limit ? ahead.batch : undefined;
    ahead = undefined;
    const early = await match;
    return early !== undefined && E.isRight(early) && isFull(early.right, limit)
      ? early
      : undefined;
  };
  return (options) => async () => {
    const limit = options?.batchSize ?? 1000;
    const result = (await takeEarly(options?.fromPosition ?? 0n, limit)) ?? (await read(options)());
    if (E.isRight(result) && isFull(result.right, limit)) {
      const next = result.right.nextPosition;
      ahead = { from: next, limit, batch: read({ fromPosition: next, batchSize: limit })() };
    }
    return result;
  };
};
