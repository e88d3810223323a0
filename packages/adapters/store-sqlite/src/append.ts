import {
  GENESIS_HASH,
  chainHash,
  matchesExpectedVersion,
  prepareAppend,
  versionConflict,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
} from '@consentry/core';
import type { Database } from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { encodeEvent, isPositionTaken, toStoreError, type EncodedEvent } from './mapping.js';
import type { Statements } from './statements.js';

// The shared checks first (same InvalidAppend as every store, frozen copies of the data),
// then the envelope codec and the JSON text the rows store.
const encodeAll = (
  streamName: string,
  events: readonly NewEvent[],
): E.Either<StoreError, EncodedEvent[]> => {
  const prepared = prepareAppend(streamName, events);
  if (E.isLeft(prepared)) return prepared;
  const encoded: EncodedEvent[] = new Array<EncodedEvent>(prepared.right.length);
  for (let i = 0; i < prepared.right.length; i++) {
    const one = encodeEvent(streamName, prepared.right[i] as NewEvent, i);
    if (E.isLeft(one)) return one;
    encoded[i] = one.right;
  }
  return E.right(encoded);
};

/**
 * Builds the append: one BEGIN IMMEDIATE transaction that checks the expected version
 * against the stream's row, inserts the events with their chain hashes, and moves the
 * stream's head. A rejected append writes nothing, so the stream stays as it was.
 */
export const appender = (db: Database, statements: Statements, onCommit: () => void) => {
  const write = db.transaction(
    (streamName: string, encoded: readonly EncodedEvent[], expected: ExpectedVersion) => {
      const head = statements.streamHead.get(streamName) as [bigint, string] | undefined;
      const current = head?.[0] ?? 0n;
      if (!matchesExpectedVersion(expected, current)) {
        return E.left(versionConflict(streamName, expected, current));
      }
      let previousHash = head?.[1] ?? GENESIS_HASH;
      const recorded: RecordedEvent[] = [];
      let lastGlobalPosition = 0n;
      for (const [index, { event, data, metadata }] of encoded.entries()) {
        const streamPosition = current + BigInt(index + 1);
        const content = {
          streamName,
          streamPosition,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
        };
        const hash = chainHash(previousHash, content);
        const info = statements.insertEvent.run(
          streamName,
          streamPosition,
          event.type,
          data,
          metadata,
          hash,
        );
        lastGlobalPosition = BigInt(info.lastInsertRowid);
        recorded.push({ ...content, globalPosition: lastGlobalPosition, hash });
        previousHash = hash;
      }
      const version = current + BigInt(encoded.length);
      if (head === undefined) statements.insertStream.run(streamName, version, previousHash);
      else statements.updateStream.run(version, previousHash, streamName);
      const result: AppendResult = {
        nextExpectedVersion: version,
        lastGlobalPosition,
        createdNewStream: head === undefined,
        events: recorded,
      };
      return E.right(result);
    },
  );

  // The real version after a lost race on the UNIQUE key, read after the rollback.
  const conflictFromTakenPosition = (streamName: string, expected: ExpectedVersion): StoreError => {
    const actual = statements.maxStreamPosition.get(streamName) as bigint;
    return versionConflict(streamName, expected, actual);
  };

  return (
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): E.Either<StoreError, AppendResult> => {
    const encoded = encodeAll(streamName, events);
    if (E.isLeft(encoded)) return encoded;
    try {
      const result = write.immediate(streamName, encoded.right, expected);
      if (E.isRight(result)) onCommit();
      return result;
    } catch (error) {
      return isPositionTaken(error)
        ? E.left(conflictFromTakenPosition(streamName, expected))
        : E.left(toStoreError(error, `appending to ${streamName}`));
    }
  };
};
