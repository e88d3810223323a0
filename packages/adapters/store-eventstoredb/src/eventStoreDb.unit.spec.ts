import { ANY } from '@eventstore/db-client';
import * as E from 'fp-ts/lib/Either.js';
import { eventStoreContract } from '@consentry/core/testing';
import { GENESIS_HASH, chainHash, uuidV7Ids } from '@consentry/core';
import { emulatedServer } from './__fixtures__/emulatedServer.js';
import { eventStoreDbEventStoreFromConnectionString } from './connection.js';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';
import { toEventData } from './mapping.js';

// The adapter's own logic against an in-process emulation of the server (see the fixture):
// what it shows is the adapter's orchestration, not EventStoreDB itself.
eventStoreContract('eventstoredb adapter on an emulated server', () => {
  const store = eventStoreDbEventStore(emulatedServer());
  return Promise.resolve({ store, teardown: () => store.close() });
});

const event = (n: number) => ({
  type: 'Counted',
  data: { n },
  metadata: {
    eventId: uuidV7Ids.next(),
    recordedAt: '2026-07-01T09:00:00.000Z',
    actor: { kind: 'system' as const, id: 'test' },
    correlationId: 'c',
    schemaVersion: 1,
  },
});

describe('eventStoreDbEventStore', () => {
  it('with no server listening, every operation is StoreUnavailable from the real client', async () => {
    const opened = eventStoreDbEventStoreFromConnectionString('esdb://127.0.0.1:1?tls=false');
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    const store = opened.right;
    const errors: unknown[] = [];
    const subscription = store.subscribe({
      fromPosition: 0n,
      handler: () => undefined,
      onError: (e) => void errors.push(e),
    });
    try {
      const results = await Promise.all([
        store.appendToStream('patient-1', [event(1)])(),
        store.readStream('patient-1')(),
        store.readAll()(),
      ]);
      for (const result of results) {
        expect(E.isLeft(result) && result.left._tag).toBe('StoreUnavailable');
      }
      await new Promise<void>((resolve) => {
        const poll = (): unknown => (errors.length > 0 ? resolve() : setTimeout(poll, 10));
        poll();
      });
      expect(errors).toEqual([expect.objectContaining({ _tag: 'StoreUnavailable' })]);
    } finally {
      await subscription.stop();
      await store.close();
    }
  });

  it('a malformed connection string is a Left naming it, not a throw', () => {
    const opened = eventStoreDbEventStoreFromConnectionString('postgres://nope');
    expect(E.isLeft(opened) && opened.left.message).toContain(
      'Invalid EventStoreDB connection string',
    );
  });

  it('chains hashes across appends from two store instances on one server', async () => {
    const server = emulatedServer();
    const [a, b] = [eventStoreDbEventStore(server), eventStoreDbEventStore(server)];
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) =>
        (n % 2 === 0 ? a : b).appendToStream('patient-x', [event(n)])(),
      ),
    );
    const read = await a.readStream('patient-x')();
    if (E.isLeft(read)) throw new Error(read.left.message);
    expect(read.right.currentVersion).toBe(6n);
    let previous = GENESIS_HASH;
    for (const recorded of read.right.events) {
      expect(recorded.hash).toBe(chainHash(previous, recorded));
      previous = recorded.hash;
    }
  });

  it('gives up on `any` after maxAppendAttempts when another writer always wins the race', async () => {
    const server = emulatedServer();
    const store = eventStoreDbEventStore(server, { maxAppendAttempts: 3 });
    await store.appendToStream('patient-y', [event(0)])();
    // Another process appends between each of our head reads and our append.
    const readStream = server.readStream.bind(server);
    const appendToStream = server.appendToStream.bind(server);
    let headReads = 0;
    server.readStream = async function* (...args: Parameters<typeof readStream>) {
      yield* readStream(...args);
      if (args[1]?.direction !== 'backwards') return;
      headReads++;
      const rival = toEventData(event(99), 'f'.repeat(64));
      if (E.isRight(rival))
        await appendToStream('patient-y', [rival.right], { expectedRevision: ANY });
    } as unknown as typeof readStream;
    const result = await store.appendToStream('patient-y', [event(1)])();
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'VersionConflict',
      expected: 'any',
      actual: 4n,
    });
    expect(headReads).toBe(3);
  });
});
