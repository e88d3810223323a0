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

/** A stream row joined to its events: the event columns, then the stream's version. */
type StreamRow = readonly [bigint, string, bigint, string, string, string, string, bigint];

/**
 * Reads a stream and its version in one statement (one snapshot, no transaction): the
 * stream's row LEFT JOINed to the events asked for. No row: no stream; a row with a NULL
 * event: the stream exists but no event is in range.
 */
export const streamReader = (statements: Statements) => {
  return (
    streamName: string,
    options: ReadStreamOptions = {},
  ): E.Either<StoreError, ReadStreamResult> => {
    const maxCount = options.maxCount ?? -1; // LIMIT -1 is SQLite for "no limit"
    // LIMIT 0 would hide the stream's row too, so ask for one row and drop its event.
    const limit = maxCount === 0 ? 1 : maxCount;
    const from = options.fromVersion ?? 1n;
    const rows = statements.readStream.all(from, streamName, limit) as StreamRow[];
    const first = rows[0];
    if (first === undefined)
      return E.right({ streamExists: false, currentVersion: 0n, events: [] });
    const count = first[0] === null || maxCount === 0 ? 0 : rows.length;
    const decoded = decodeRows(rows, count);
    if (E.isLeft(decoded)) return decoded;
    return E.right({ streamExists: true, currentVersion: first[7], events: decoded.right });
  };
};

/**
 * One batch in global order. It asks for one row more than the batch so it knows whether
 * the batch reaches the end, without decoding that extra row.
 */
export const allReader = (statements: Statements) => {
  return (options: ReadAllOptions = {}): E.Either<StoreError, ReadAllBatch> => {
    const fromPosition = options.fromPosition ?? 0n;
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
