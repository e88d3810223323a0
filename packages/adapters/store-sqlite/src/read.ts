import {
  type ReadAllBatch,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type StoreError,
} from '@consentry/core';
import type { Database } from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { decodeRows, type EventRow } from './mapping.js';
import type { Statements } from './statements.js';

const DEFAULT_BATCH_SIZE = 1_000;

/** Reads a stream and its version in one read transaction, so both come from one snapshot. */
export const streamReader = (db: Database, statements: Statements) => {
  const read = db.transaction((streamName: string, fromVersion: bigint, limit: number) => {
    const version = statements.streamVersion.get(streamName) as bigint | undefined;
    const rows =
      version === undefined
        ? []
        : (statements.readStream.all(streamName, fromVersion, limit) as EventRow[]);
    return { version, rows };
  });
  return (
    streamName: string,
    options: ReadStreamOptions = {},
  ): E.Either<StoreError, ReadStreamResult> => {
    const fromVersion = options.fromVersion ?? 1n;
    // LIMIT -1 is SQLite for "no limit".
    const { version, rows } = read(streamName, fromVersion, options.maxCount ?? -1);
    const decoded = decodeRows(rows);
    if (E.isLeft(decoded)) return decoded;
    return E.right({
      streamExists: version !== undefined,
      currentVersion: version ?? 0n,
      events: decoded.right,
    });
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
