import assert from 'node:assert/strict';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../eventStore/envelope.js';
import type { EventStore } from '../../eventStore/port.js';
import { uuidV7Ids } from '../../shared/ids.js';
import { expectLeft, expectRight } from '../expectEither.js';

/**
 * Makes the store one check runs against. Called once per check; each call must return a
 * new, EMPTY store (a fresh in-memory store, a new SQLite file, a new schema or database),
 * and `teardown` must release it. Checks count events, so they cannot share a store.
 */
export type EventStoreFactory = () => Promise<{
  readonly store: EventStore;
  readonly teardown: () => Promise<void>;
}>;

/** One check of the contract: resolves when the store behaves, rejects (AssertionError) when not. */
export type ContractCheck = (factory: EventStoreFactory) => Promise<void>;

export const withStore = async (
  factory: EventStoreFactory,
  body: (store: EventStore) => Promise<void>,
): Promise<void> => {
  const { store, teardown } = await factory();
  try {
    await body(store);
  } finally {
    await teardown();
  }
};

export const testMetadata = (extra: Partial<EventMetadata> = {}): EventMetadata => ({
  eventId: uuidV7Ids.next(),
  recordedAt: '2026-03-03T10:15:00.000Z',
  actor: { kind: 'system', id: 'contract-suite' },
  correlationId: 'contract-correlation',
  schemaVersion: 1,
  ...extra,
});

export const testEvent = (
  type: string,
  data: unknown,
  metadata: Partial<EventMetadata> = {},
): NewEvent => ({
  type,
  data,
  metadata: testMetadata(metadata),
});

// The contract's checks unwrap with the testing kit's helpers (docs/testing.md): a failure names
// the step, the store error's _tag and message.
export { expectLeft, expectRight };

/** Reads the whole log in batches, following `nextPosition` until `isEnd`. */
export const readWholeLog = async (
  store: EventStore,
  batchSize = 1000,
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let fromPosition = 0n;
  for (let batches = 0; ; batches++) {
    assert.ok(batches < 1_000_000, 'readAll never reported isEnd');
    const batch = await expectRight(store.readAll({ fromPosition, batchSize }), 'readAll');
    assert.ok(
      batch.events.length <= batchSize,
      `readAll returned ${batch.events.length} events for batchSize ${batchSize}`,
    );
    events.push(...batch.events);
    if (batch.isEnd) return events;
    assert.ok(batch.nextPosition > fromPosition, 'readAll did not advance nextPosition');
    fromPosition = batch.nextPosition;
  }
};

/** The identity of a stored event, for comparing sequences with readable diffs. */
export const where = (event: RecordedEvent): string =>
  `${event.streamName}@${event.streamPosition.toString()}#${event.globalPosition.toString()}`;

export const assertStrictlyIncreasing = (positions: readonly bigint[], what: string): void => {
  for (let i = 1; i < positions.length; i++) {
    const [before, after] = [positions[i - 1] as bigint, positions[i] as bigint];
    assert.ok(after > before, `${what}: position ${after.toString()} follows ${before.toString()}`);
  }
};

/** The event as the caller appended it: what must round-trip unchanged. */
export const content = (event: NewEvent): NewEvent => ({
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition; the time limit only bounds a hang, it is not what is tested. */
export const waitFor = async (
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(2);
  }
};

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
