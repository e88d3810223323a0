import { expectLeft, expectRight } from '@consentry/core/testing';
import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import {
  GENESIS_HASH,
  chainHash,
  isInvalidAppend,
  isVersionConflict,
  type EventStore,
  type RecordedEvent,
} from '@consentry/core';
import { postgresEventStore } from './postgresEventStore.js';
import { MAX_LISTED_EVENTS } from './statements.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';
import { anEvent, events } from './testSupport/events.js';
import { recordingStatements } from './testSupport/statements.js';

describeWithDatabase('postgresEventStore', (url) => {
  const schema = randomSchema('store');
  let pool: pg.Pool;
  let store: EventStore;
  let stream = 0;
  const fresh = (): string => `thing-${++stream}`;

  beforeAll(() => {
    pool = testPool(url);
    store = postgresEventStore(pool, { schema, pollIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropSchema(url, schema);
  });

  it('stores events with stream positions, increasing global positions and a hash chain', async () => {
    const name = fresh();
    const first = await expectRight(
      store.appendToStream(name, events(2), { expectedVersion: 'no-stream' }),
    );
    const second = await expectRight(
      store.appendToStream(name, events(1), { expectedVersion: first.nextExpectedVersion }),
    );
    expect([first.createdNewStream, second.createdNewStream]).toEqual([true, false]);
    expect(second.nextExpectedVersion).toBe(3n);

    const read = await expectRight(store.readStream(name));
    expect(read.currentVersion).toBe(3n);
    expect(read.events.map((e) => e.streamPosition)).toEqual([1n, 2n, 3n]);
    expect(read.events).toEqual([...first.events, ...second.events]);
    const globals = read.events.map((e) => e.globalPosition);
    expect([...globals].sort((a, b) => (a < b ? -1 : 1))).toEqual(globals);
    expect(new Set(globals).size).toBe(3);
    let previous = GENESIS_HASH;
    for (const event of read.events) {
      expect(event.hash).toBe(chainHash(previous, event));
      previous = event.hash;
    }
  });

  it('reports a conflict with the real version, and leaves the stream as it was', async () => {
    const name = fresh();
    await expectRight(store.appendToStream(name, events(2)));
    const conflict = await expectLeft(
      store.appendToStream(name, events(1), { expectedVersion: 1n }),
    );
    expect(isVersionConflict(conflict) && conflict.actual).toBe(2n);
    expect((await expectRight(store.readStream(name))).currentVersion).toBe(2n);
    const ok = await expectRight(store.appendToStream(name, events(1), { expectedVersion: 2n }));
    expect(ok.events.map((e) => e.streamPosition)).toEqual([3n]);
  });

  it('enforces no-stream and stream-exists', async () => {
    const name = fresh();
    const missing = await expectLeft(
      store.appendToStream(name, events(1), { expectedVersion: 'stream-exists' }),
    );
    expect(isVersionConflict(missing) && missing.actual).toBe(0n);
    await expectRight(store.appendToStream(name, events(1), { expectedVersion: 'no-stream' }));
    const exists = await expectLeft(
      store.appendToStream(name, events(1), { expectedVersion: 'no-stream' }),
    );
    expect(isVersionConflict(exists) && exists.actual).toBe(1n);
    expect((await expectRight(store.readStream(name))).events).toHaveLength(1);
  });

  it('lets exactly one of several racing appends with the same expected version win', async () => {
    const name = fresh();
    await expectRight(store.appendToStream(name, events(1)));
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        store.appendToStream(name, events(2), { expectedVersion: 1n })(),
      ),
    );
    const winners = results.filter(E.isRight);
    const losers = results.filter(E.isLeft).map((r) => r.left);
    expect(winners).toHaveLength(1);
    expect(losers.every((l) => isVersionConflict(l) && l.actual === 3n)).toBe(true);
    expect((await expectRight(store.readStream(name))).currentVersion).toBe(3n);
  });

  it('lands every one of many racing appends with any on one stream, by queueing them', async () => {
    const name = fresh();
    const results = await Promise.all(
      Array.from({ length: 40 }, () => store.appendToStream(name, events(2))()),
    );
    expect(results.filter(E.isLeft)).toEqual([]);
    const read = await expectRight(store.readStream(name));
    expect(read.events.map((e) => e.streamPosition)).toEqual(
      Array.from({ length: 80 }, (_, i) => BigInt(i + 1)),
    );
  });

  it('keeps every acknowledged append when overlapping appends fail around it', async () => {
    const names = Array.from({ length: 40 }, fresh);
    await Promise.all(names.map((name) => expectRight(store.appendToStream(name, events(1)))));
    // Half carry a wrong expected version; all run at once through one store and one pool.
    const results = await Promise.all(
      names.map((name, i) =>
        store.appendToStream(name, events(2), { expectedVersion: i % 2 === 0 ? 1n : 7n })(),
      ),
    );
    results.forEach((result, i) => expect(E.isRight(result)).toBe(i % 2 === 0));
    for (const [i, name] of names.entries()) {
      expect((await expectRight(store.readStream(name))).currentVersion).toBe(
        i % 2 === 0 ? 3n : 1n,
      );
    }
  });

  it('appends correctly when another process moved the stream since this one last saw it', async () => {
    const other = postgresEventStore(pool, { schema });
    const name = fresh();
    const a = await expectRight(store.appendToStream(name, events(1)));
    await expectRight(
      other.appendToStream(name, events(1), { expectedVersion: a.nextExpectedVersion }),
    );
    // This store remembers version 1; the table says 2.
    const stale = await expectLeft(store.appendToStream(name, events(1), { expectedVersion: 1n }));
    expect(isVersionConflict(stale) && stale.actual).toBe(2n);
    const any = await expectRight(store.appendToStream(name, events(1)));
    expect(any.events[0]?.streamPosition).toBe(3n);
    const read = await expectRight(store.readStream(name));
    let previous = GENESIS_HASH;
    for (const event of read.events) {
      expect(event.hash).toBe(chainHash(previous, event));
      previous = event.hash;
    }
    await other.close();
  });

  it('rejects appends it cannot store faithfully, and writes nothing', async () => {
    const name = fresh();
    const cases = [
      [],
      [anEvent('Dated', { at: new Date() })],
      [anEvent('NotANumber', { n: Number.NaN })],
      [anEvent('Big', { n: 1n })],
      [{ ...anEvent(), metadata: { eventId: 'x' } }],
    ];
    for (const batch of cases) {
      const error = await expectLeft(store.appendToStream(name, batch as never));
      expect(isInvalidAppend(error)).toBe(true);
    }
    expect((await expectRight(store.readStream(name))).streamExists).toBe(false);
  });

  it('stores any JSON text as given, including characters jsonb would refuse', async () => {
    const name = fresh();
    const data = {
      text: 'nul \u0000 and emoji 🩺 and "quotes" \\ ',
      nested: [1.5, null, { deep: true }],
    };
    await expectRight(store.appendToStream(name, [anEvent('Odd', data)]));
    const [event] = (await expectRight(store.readStream(name))).events;
    expect(event?.data).toEqual(data);
  });

  // Up to MAX_LISTED_EVENTS events go as one parameter per value, more as arrays: both
  // layouts, to a new and to an existing stream, must store the same thing.
  it('stores appends of every size the same way, listed or as arrays', async () => {
    const odd = { text: 'nul \u0000 "q" \\ 🩺', n: [1, null] };
    for (const count of [1, 2, MAX_LISTED_EVENTS, MAX_LISTED_EVENTS + 1, 20]) {
      const name = fresh();
      const batch = () =>
        Array.from({ length: count }, (_, n) => anEvent('Sized', { ...odd, count, n }));
      const first = await expectRight(
        store.appendToStream(name, batch(), { expectedVersion: 'no-stream' }),
      );
      const second = await expectRight(
        store.appendToStream(name, batch(), { expectedVersion: BigInt(count) }),
      );
      const read = await expectRight(store.readStream(name));
      expect(read.currentVersion).toBe(BigInt(2 * count));
      expect(read.events).toEqual([...first.events, ...second.events]);
      let previous = GENESIS_HASH;
      for (const event of read.events) {
        expect(event.hash).toBe(chainHash(previous, event));
        previous = event.hash;
      }
    }
  });

  it('reads part of a stream, and says when a stream does not exist', async () => {
    const name = fresh();
    await expectRight(store.appendToStream(name, events(5)));
    const part = await expectRight(store.readStream(name, { fromVersion: 2n, maxCount: 2 }));
    expect(part.events.map((e) => e.streamPosition)).toEqual([2n, 3n]);
    expect(part.currentVersion).toBe(5n);
    expect(await expectRight(store.readStream(fresh()))).toEqual({
      streamExists: false,
      currentVersion: 0n,
      events: [],
    });
  });

  it('answers reads asked for together in one statement, each as it would alone', async () => {
    const [long, short, corrupt] = [fresh(), fresh(), fresh()];
    await expectRight(store.appendToStream(long, events(5)));
    await expectRight(store.appendToStream(short, events(1)));
    await expectRight(store.appendToStream(corrupt, events(2)));
    await pool.query(
      `UPDATE "${schema}".events SET metadata = '{}' WHERE stream_name = $1 AND stream_position = 2`,
      [corrupt],
    );
    const reads = [
      () => store.readStream(long),
      () => store.readStream(long, { fromVersion: 2n, maxCount: 2 }),
      () => store.readStream(long, { fromVersion: 6n }),
      () => store.readStream(short),
      () => store.readStream(fresh()),
      () => store.readStream(corrupt),
      () => store.readStream(long, { maxCount: 0 }),
    ];
    const alone = [];
    for (const read of reads) alone.push(await read()());

    const { result: together, statements } = await recordingStatements(pool, () =>
      Promise.all(reads.map((read) => read()())),
    );

    expect(together).toEqual(alone);
    // The version-only read goes alone; the other six share one statement. (A NOTIFY for
    // the appends above may be sent meanwhile.)
    expect(statements.filter((name) => name.endsWith('read_streams'))).toHaveLength(1);
    expect(statements.filter((name) => name.includes('_read_'))).toHaveLength(2);
    expect(together.map((result) => result._tag)).toEqual([
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
      'Left',
      'Right',
    ]);
    const failed = together[5];
    expect(failed?._tag === 'Left' && failed.left).toMatchObject({ _tag: 'StoreFailure' });
    expect(failed?._tag === 'Left' && failed.left.message).toContain(`${corrupt}@2`);
  });

  it('folds a stream with aggregateStream', async () => {
    const name = fresh();
    await expectRight(store.appendToStream(name, events(4)));
    const result = await expectRight(
      store.aggregateStream(name, {
        initialState: () => 0,
        evolve: (sum, e) => sum + (e.data as { n: number }).n,
      }),
    );
    expect(result).toEqual({ state: 0 + 1 + 2 + 3, currentVersion: 4n, streamExists: true });
  });

  it('reads all events in batches, in global order, each once', async () => {
    const appended: RecordedEvent[] = [];
    for (let i = 0; i < 7; i++)
      appended.push(...(await expectRight(store.appendToStream(fresh(), events(3)))).events);
    const seen: RecordedEvent[] = [];
    let position = appended[0]?.globalPosition ?? 0n;
    for (;;) {
      const batch = await expectRight(store.readAll({ fromPosition: position, batchSize: 4 }));
      seen.push(...batch.events);
      position = batch.nextPosition;
      if (batch.isEnd) break;
    }
    expect(seen).toEqual(appended);
  });

  it('wakes a subscription from another store instance through LISTEN/NOTIFY', async () => {
    const other = postgresEventStore(pool, { schema, pollIntervalMs: 60_000 });
    const name = fresh();
    const received: RecordedEvent[] = [];
    let arrived: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (arrived = resolve));
    const subscription = store.subscribe({
      handler: (event) => {
        if (event.streamName !== name) return;
        received.push(event);
        if (received.length === 3) arrived();
      },
    });
    // Give the subscription time to take its starting position and start listening.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectRight(other.appendToStream(name, events(3)));
    // The poll interval is a minute: only the notification can deliver within the timeout.
    await done;
    await subscription.stop();
    expect(received.map((e) => e.streamPosition)).toEqual([1n, 2n, 3n]);
    await other.close();
  }, 10_000);
});

describe('postgresEventStore options', () => {
  it('refuses a schema name it would have to quote', () => {
    expect(() =>
      postgresEventStore({} as pg.Pool, { schema: 'Robert"); DROP TABLE x;--' }),
    ).toThrow(/schema name/);
  });
});
