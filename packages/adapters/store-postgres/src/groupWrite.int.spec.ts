import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import {
  GENESIS_HASH,
  chainHash,
  isInvalidAppend,
  isVersionConflict,
  type AppendResult,
  type EventStore,
  type StoreError,
} from '@consentry/core';
import { postgresEventStore } from './postgresEventStore.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';
import { anEvent, events } from './testSupport/events.js';
import { recordingStatements } from './testSupport/statements.js';

type Outcome = E.Either<StoreError, AppendResult>;

/** Runs `appends` started together, counting the group statements they went out in. */
const together = async (
  pool: pg.Pool,
  appends: readonly (() => Promise<Outcome>)[],
): Promise<{ outcomes: Outcome[]; groups: number; statements: number }> => {
  const { result, statements } = await recordingStatements(pool, () =>
    Promise.all(appends.map((append) => append())),
  );
  const appending = statements.filter((name) => name.includes('append'));
  return {
    outcomes: result,
    groups: appending.filter((name) => name.endsWith('append_group')).length,
    statements: appending.length,
  };
};

const written = (outcome: Outcome | undefined): AppendResult => {
  if (outcome === undefined || E.isLeft(outcome))
    throw new Error(`expected a written append, got ${JSON.stringify(outcome)}`);
  return outcome.right;
};

describeWithDatabase('postgresEventStore: appends started together', (url) => {
  const schema = randomSchema('group');
  let pool: pg.Pool;
  let otherPool: pg.Pool;
  let store: EventStore;
  let other: EventStore; // another process: its own head cache
  let stream = 0;
  const fresh = (): string => `grouped-${++stream}`;

  beforeAll(() => {
    pool = testPool(url);
    otherPool = testPool(url);
    store = postgresEventStore(pool, { schema, pollIntervalMs: 60_000 });
    other = postgresEventStore(otherPool, { schema, pollIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await store.close();
    await other.close();
    await pool.end();
    await otherPool.end();
    await dropSchema(url, schema);
  });

  it('share one statement, and each is stored as it would be alone', async () => {
    const existing = fresh();
    written(await store.appendToStream(existing, events(2))());
    const names = [existing, fresh(), fresh(), fresh()];
    const sizes = [1, 3, 1, 2];
    // Expected versions this store can check from what it knows: no read of the head first.
    const expected = [2n, 'no-stream', 'no-stream', 'no-stream'] as const;
    const { outcomes, groups, statements } = await together(
      pool,
      names.map(
        (name, i) => () =>
          store.appendToStream(name, events(sizes[i] ?? 1), {
            expectedVersion: expected[i] ?? 'any',
          })(),
      ),
    );
    expect({ groups, statements }).toEqual({ groups: 1, statements: 1 });
    const results = outcomes.map(written);
    expect(results.map((r) => r.createdNewStream)).toEqual([false, true, true, true]);
    expect(results.map((r) => r.nextExpectedVersion)).toEqual([3n, 3n, 1n, 2n]);
    for (const [i, name] of names.entries()) {
      const read = await store.readStream(name)();
      const stored = E.isRight(read) ? read.right.events : [];
      // What the caller was told is exactly what was stored, chained from the stream's start.
      expect(stored.slice(-(sizes[i] ?? 1))).toEqual(results[i]?.events);
      let previous = GENESIS_HASH;
      for (const event of stored) {
        expect(event.hash).toBe(chainHash(previous, event));
        previous = event.hash;
      }
    }
    // One transaction: each append's events are consecutive, and appends do not interleave.
    const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition));
    expect(new Set(positions).size).toBe(positions.length);
    for (const r of results) {
      const own = r.events.map((e) => e.globalPosition);
      expect(own).toEqual(own.map((_, k) => (own[0] as bigint) + BigInt(k)));
    }
  });

  it('writes the rest when one of them lost a race to another process', async () => {
    const [moved, a, b] = [fresh(), fresh(), fresh()];
    written(await store.appendToStream(moved, events(1))());
    written(await other.appendToStream(moved, events(1))()); // `store` still thinks 1
    const { outcomes, groups } = await together(pool, [
      () => store.appendToStream(moved, events(1), { expectedVersion: 1n })(),
      () => store.appendToStream(a, events(1), { expectedVersion: 'no-stream' })(),
      () => store.appendToStream(b, events(1), { expectedVersion: 'no-stream' })(),
      () => store.appendToStream(moved, events(1))(), // same stream: not in the same group
    ]);
    expect(groups).toBe(1);
    const [conflict, ...rest] = outcomes;
    expect(conflict !== undefined && E.isLeft(conflict) && isVersionConflict(conflict.left)).toBe(
      true,
    );
    // The real version, 2 or 3: the append alone to the same stream may land first.
    const actual = conflict !== undefined && E.isLeft(conflict) && conflict.left;
    expect([2n, 3n]).toContain(actual !== false && 'actual' in actual ? actual.actual : undefined);
    expect(rest.map((outcome) => written(outcome).nextExpectedVersion)).toEqual([1n, 1n, 3n]);
    const read = await store.readStream(moved)();
    expect(E.isRight(read) && read.right.events.map((e) => e.streamPosition)).toEqual([1n, 2n, 3n]);
  });

  it('tries each again alone when the server refuses the group, so one bad append fails alone', async () => {
    const [taken, bad, good] = [fresh(), fresh(), fresh()];
    written(await other.appendToStream(taken, events(1))()); // unknown to `store`
    const { outcomes, groups, statements } = await together(pool, [
      // Expecting a new stream, `store` writes without reading: the insert of the stream's
      // row fails the group (23505).
      () => store.appendToStream(taken, events(1), { expectedVersion: 'no-stream' })(),
      // A NUL in a text column: refused by the server (22021).
      () =>
        store.appendToStream(bad, [anEvent('Bad\u0000Type')], { expectedVersion: 'no-stream' })(),
      () => store.appendToStream(good, events(2), { expectedVersion: 'no-stream' })(),
    ]);
    expect(groups).toBe(1);
    expect(statements).toBeGreaterThan(1); // the group, then each alone
    const [lost, refused, ok] = outcomes;
    expect(lost !== undefined && E.isLeft(lost) && isVersionConflict(lost.left)).toBe(true);
    expect(refused !== undefined && E.isLeft(refused) && isInvalidAppend(refused.left)).toBe(true);
    expect(written(ok).events.map((e) => e.streamPosition)).toEqual([1n, 2n]);
    for (const [name, version] of [
      [taken, 1n],
      [bad, 0n],
      [good, 2n],
    ] as const) {
      const read = await store.readStream(name)();
      expect(E.isRight(read) && read.right.currentVersion).toBe(version);
    }
  });

  it('resolves each append whose connection died mid-statement by reading, and writes it once', async () => {
    const [held, free] = [fresh(), fresh()];
    written(await store.appendToStream(held, events(1))());
    // The group statement's connection is cut the moment the statement has been sent: the
    // server may or may not have committed it.
    const query = pool.query.bind(pool);
    const cutting = async (config: unknown, ...rest: unknown[]): Promise<unknown> => {
      if ((config as { name?: string }).name?.endsWith('append_group') !== true)
        return (query as (...args: unknown[]) => unknown)(config, ...rest);
      const client = await pool.connect();
      client.on('error', () => undefined); // the cut is reported to the query; nothing else to do
      const sent = client.query(config as pg.QueryConfig);
      (
        client as unknown as { connection: { stream: { destroy(): void } } }
      ).connection.stream.destroy();
      try {
        return await sent;
      } finally {
        client.release(true);
      }
    };
    pool.query = cutting as typeof pool.query;
    let result: Awaited<ReturnType<typeof together>>;
    try {
      result = await together(pool, [
        () => store.appendToStream(held, events(1), { expectedVersion: 1n })(),
        () => store.appendToStream(free, events(1), { expectedVersion: 'no-stream' })(),
      ]);
    } finally {
      pool.query = query;
    }
    // The two went as one group; what had not committed is written again, and when neither
    // had, that rewrite may go as a group too (it did under CI's load): one or two groups.
    expect(result.groups).toBeGreaterThanOrEqual(1);
    expect(result.groups).toBeLessThanOrEqual(2);
    // The outcome was unknown; the store read the streams, found whether the group had
    // committed, and wrote again only what had not: each append is there exactly once.
    expect(result.outcomes.map((o) => E.isRight(o) && o.right.nextExpectedVersion)).toEqual([
      2n,
      1n,
    ]);
    for (const [name, version] of [
      [held, 2n],
      [free, 1n],
    ] as const) {
      const read = await store.readStream(name)();
      expect(E.isRight(read) && read.right.events.map((e) => e.streamPosition)).toEqual(
        Array.from({ length: Number(version) }, (_, i) => BigInt(i + 1)),
      );
    }
    // And the store carries on.
    expect(E.isRight(await store.appendToStream(free, events(1))())).toBe(true);
  });
});
