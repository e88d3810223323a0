import {
  GENESIS_HASH,
  matchesExpectedVersion,
  prepareAppend,
  versionConflict,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
} from '@consentry/core';
import * as E from 'fp-ts/lib/Either.js';
import { chainHashOfEncoded } from './eventHash.js';
import { encodeEvent, type EncodedEvent } from './mapping.js';
import type { Statements } from './statements.js';

/** One append as the writer receives it: checked and encoded, not yet written. */
export interface AppendRequest {
  readonly streamName: string;
  readonly encoded: readonly EncodedEvent[];
  readonly expected: ExpectedVersion;
}

// The shared checks first (same InvalidAppend as every store, frozen copies of the data),
// then the envelope codec and the JSON text the rows store.
export const encodeAll = (
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
 * Writes one append inside the caller's transaction: checks the expected version against
 * the stream's last event, then inserts the events with their chain hashes. A conflict is
 * found before any write, so it leaves the transaction as it was; SQLite errors throw.
 */
export const appendWriter =
  (statements: Statements) =>
  ({ streamName, encoded, expected }: AppendRequest): E.Either<StoreError, AppendResult> => {
    const head = statements.streamHead.get(streamName) as [bigint, string] | undefined;
    const current = head?.[0] ?? 0n;
    if (!matchesExpectedVersion(expected, current)) {
      return E.left(versionConflict(streamName, expected, current));
    }
    let previousHash = head?.[1] ?? GENESIS_HASH;
    const streamNameJson = JSON.stringify(streamName);
    const recorded = new Array<RecordedEvent>(encoded.length);
    let streamPosition = current;
    let globalPosition = 0n;
    for (let i = 0; i < encoded.length; i++) {
      const { event, data, metadata } = encoded[i] as EncodedEvent;
      streamPosition++;
      const hash = chainHashOfEncoded(
        previousHash,
        streamNameJson,
        streamPosition,
        JSON.stringify(event.type),
        data,
        metadata,
      );
      const info = statements.insertEvent.run(
        streamName,
        streamPosition,
        event.type,
        data,
        metadata,
        hash,
      );
      globalPosition = info.lastInsertRowid as bigint;
      recorded[i] = {
        streamName,
        streamPosition,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        globalPosition,
        hash,
      };
      previousHash = hash;
    }
    return E.right({
      nextExpectedVersion: streamPosition,
      lastGlobalPosition: globalPosition,
      createdNewStream: head === undefined,
      events: recorded,
    });
  };
