import {
  type ReadAllBatch,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type StoreError,
} from '@consentry/core';
import * as E from 'fp-ts/lib/Either.js';
import { decodeRows, type EventRow } from './mapping.js';
import type { Statements } from './statements.js';

const DEFAULT_BATCH_SIZE = 1_000;

/**
 * Reads a stream's events with its version. The version comes first, from one index seek:
 * a reader that already holds the stream up to its last read usually finds nothing new, and
 * then that one cheap statement is the whole read. Otherwise the events up to that version
 * follow (an append committed in between is left to the next read, as if it came later).
 */
export const streamReader = (statements: Statements) => {
  return (
    streamName: string,
    options: ReadStreamOptions = {},
  ): E.Either<StoreError, ReadStreamResult> => {
    const maxCount = options.maxCount ?? -1; // LIMIT -1 is SQLite for "no limit"
    const from = options.fromVersion ?? 1n;
    const version = statements.maxStreamPosition.get(streamName) as bigint;
    if (maxCount === 0 || from > version)
      return E.right({ streamExists: version > 0n, currentVersion: version, events: [] });
    const rows = statements.readStream.all(streamName, from, version, maxCount) as EventRow[];
    const decoded = decodeRows(rows);
    if (E.isLeft(decoded)) return decoded;
    return E.right({ streamExists: true, currentVersion: version, events: decoded.right });
  };
};

/**
 * One batch in global order. It asks for one row more than the batch so it knows whether
 * the batch reaches the end, without decoding that extra row. A reader that is caught up
 * (a projection checking for news) is answered by the cheaper seek for the head position.
 */
export const allReader = (statements: Statements) => {
  return (options: ReadAllOptions = {}): E.Either<StoreError, ReadAllBatch> => {
    const fromPosition = options.fromPosition ?? 0n;
    if (fromPosition >= (statements.headPosition.get() as bigint))
      return E.right({ events: [], nextPosition: fromPosition, isEnd: true });
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    const rows = statements.readAll.all(fromPosition, batchSize + 1) as EventRow[];
    const count = Math.min(rows.length, batchSize);
    const decoded = decodeRows(rows, count);
    if (E.isLeft(decoded)) return decoded;
    const last = decoded.right[count - 1];
    return E.right({
      events: decoded.right,
      nextPosition: last === undefined ? fromPosition : last.globalPosition + 1n,
      isEnd: rows.length <= batchSize,
    });
  };
};

export const headPositionReader = (statements: Statements) => (): E.Either<StoreError, bigint> =>
  E.right(statements.headPosition.get() as bigint);
