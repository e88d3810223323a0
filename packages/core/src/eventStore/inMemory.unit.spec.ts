import { expectRight } from '../testing/expectEither.js';
import * as E from 'fp-ts/lib/Either.js';
import { testEvent } from '../testing/contract/support.js';
import type { RecordedEvent } from './envelope.js';
import { isInvalidAppend } from './errors.js';
import { GENESIS_HASH, chainHash } from './hashChain.js';
import { inMemoryEventStore } from './inMemory.js';

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
};

// What the contract cannot ask of every store, but this one promises.
describe('inMemoryEventStore', () => {
  it('writes nothing until the append task runs', async () => {
    const store = inMemoryEventStore();
    const append = store.appendToStream('patient-1', [testEvent('Registered', {})]);
    expect((await expectRight(store.readStream('patient-1'))).streamExists).toBe(false);
    await expectRight(append);
    expect((await expectRight(store.readStream('patient-1'))).currentVersion).toBe(1n);
  });

  it('numbers global positions densely from 1', async () => {
    const store = inMemoryEventStore();
    await expectRight(store.appendToStream('patient-1', [testEvent('A', {}), testEvent('B', {})]));
    await expectRight(store.appendToStream('patient-2', [testEvent('C', {})]));
    const batch = await expectRight(store.readAll());
    expect(batch.events.map((e) => e.globalPosition)).toEqual([1n, 2n, 3n]);
    expect(batch.nextPosition).toBe(4n);
  });

  it("delivers the very next append to a subscription from 'end' (the head is read synchronously)", async () => {
    const store = inMemoryEventStore();
    await expectRight(store.appendToStream('patient-1', [testEvent('Old', {})]));
    const received: string[] = [];
    const subscription = store.subscribe({ handler: (e) => void received.push(e.type) });
    await expectRight(store.appendToStream('patient-1', [testEvent('New', {})]));
    await until(() => received.length === 1);
    await subscription.stop();
    expect(received).toEqual(['New']);
  });

  it('computes hashes on first read, from any event, equal to the eager chain', async () => {
    const store = inMemoryEventStore();
    const events = Array.from({ length: 5000 }, (_, n) => testEvent('Counted', { n }));
    const { events: stored } = await expectRight(store.appendToStream('patient-1', events));
    const last = stored[stored.length - 1] as RecordedEvent;
    const lastHash = last.hash; // first hash asked for is the 5,000th: a loop, not recursion
    let previous = GENESIS_HASH;
    for (const event of stored) previous = chainHash(previous, event);
    expect(lastHash).toBe(previous);
  });

  it('hands out frozen events whose hash survives spreading, and leaves the caller objects alone', async () => {
    const store = inMemoryEventStore();
    const data = { nested: { list: [1] } };
    const [event] = (await expectRight(store.appendToStream('patient-1', [testEvent('A', data)])))
      .events;
    expect(
      Object.isFrozen(event) && Object.isFrozen((event?.data as typeof data).nested.list),
    ).toBe(true);
    expect(Object.isFrozen(data)).toBe(false);
    expect({ ...event }.hash).toBe(event?.hash);
    expect(Object.keys(event ?? {})).toContain('hash');
  });

  it('drops undefined fields, as a JSON store would, and names the bad field of a refused append', async () => {
    const store = inMemoryEventStore();
    const [event] = (
      await expectRight(
        store.appendToStream('patient-1', [testEvent('A', { kept: 1, gone: undefined })]),
      )
    ).events;
    expect(event?.data).toEqual({ kept: 1 });
    expect(Object.keys(event?.data ?? {})).toEqual(['kept']);

    const refused = await store.appendToStream('patient-1', [
      testEvent('B', { visits: [{ at: new Date(0) }] }),
    ])();
    expect(E.isLeft(refused) && isInvalidAppend(refused.left) && refused.left.message).toMatch(
      /data\.visits\[0\]\.at: Date/,
    );
  });

  it('reports input it cannot store before a version conflict, and keeps nothing of it', async () => {
    const store = inMemoryEventStore();
    await expectRight(store.appendToStream('patient-1', [testEvent('A', {})]));
    const refused = await store.appendToStream(
      'patient-1',
      [testEvent('B', {}), testEvent('C', { at: new Date(0) })],
      { expectedVersion: 5n },
    )();
    expect(E.isLeft(refused) && refused.left._tag).toBe('InvalidAppend');
    await store.appendToStream('patient-1', [testEvent('B', {}), testEvent('', {})])();
    const log = await expectRight(store.readAll());
    expect(log.events.map((e) => e.type)).toEqual(['A']);
    expect((await expectRight(store.readStream('patient-1'))).currentVersion).toBe(1n);
  });

  it('refuses a cyclic value instead of overflowing the stack', async () => {
    const store = inMemoryEventStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const refused = await store.appendToStream('patient-1', [testEvent('A', cyclic)])();
    expect(E.isLeft(refused) && isInvalidAppend(refused.left)).toBe(true);
  });

  it('stops its subscriptions on close', async () => {
    const store = inMemoryEventStore();
    const received: string[] = [];
    store.subscribe({ fromPosition: 0n, handler: (e) => void received.push(e.type) });
    await expectRight(store.appendToStream('patient-1', [testEvent('Before', {})]));
    await until(() => received.length === 1);
    await store.close();
    await expectRight(store.appendToStream('patient-1', [testEvent('After', {})]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual(['Before']);
  });
});
