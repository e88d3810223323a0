import { expectRight } from '@consentry/core/testing';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent } from '@consentry/core';
import { postgresEventStore } from './postgresEventStore.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';
import { events } from './testSupport/events.js';

const WRITERS = 8;
const APPENDS_PER_WRITER = 120;
const SLOW_EVERY = 6; // one append in six keeps its transaction open after writing

/**
 * Test hook: some appends run inside an explicit transaction that sleeps in the server
 * after the rows are written and before COMMIT. Their position (taken from the transaction
 * id) is then lower than that of appends which started later but committed earlier: the
 * late-filled gap that a reader ordering by position alone would skip.
 */
const slowSomeAppends = (pool: pg.Pool): { slowed: () => number } => {
  const query = pool.query.bind(pool) as (config: unknown, values?: unknown) => Promise<unknown>;
  let calls = 0;
  let slowed = 0;
  (pool as unknown as { query: unknown }).query = async (config: unknown, values?: unknown) => {
    const isAppend =
      typeof config === 'object' &&
      config !== null &&
      /append/.test(String((config as { name?: string }).name));
    if (!isAppend || ++calls % SLOW_EVERY !== 0) return query(config, values);
    slowed++;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query(config as pg.QueryConfig);
      await client.query('SELECT pg_sleep($1)', [0.005 + Math.random() * 0.04]);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return { slowed: () => slowed };
};

const writer = async (store: EventStore, id: number): Promise<RecordedEvent[]> => {
  const acknowledged: RecordedEvent[] = [];
  for (let i = 0; i < APPENDS_PER_WRITER; i++) {
    // A few shared streams too, so writers also race on versions ('any' retries).
    const stream = i % 10 === 0 ? `shared-${i % 3}` : `writer${id}-${i % 7}`;
    const result = await expectRight(store.appendToStream(stream, events(1 + (i % 3))), 'append');
    acknowledged.push(...result.events);
  }
  return acknowledged;
};

/** A transaction in `database` that has taken an id and waits, touching nothing of ours. */
const outsider = async (url: string, database: string): Promise<pg.Client> => {
  const target = new URL(url);
  target.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  return client;
};

describeWithDatabase('readAll with concurrent writers and slow transactions', (url) => {
  const schema = randomSchema('gaps');
  afterAll(() => dropSchema(url, schema));

  it('never misses an event committed late, and never returns one twice', async () => {
    // Transactions open all along in another database and in this one: the readers must
    // neither wait for them nor, by ignoring them, pass a writer of ours.
    const outsiders = [
      await outsider(url, 'postgres'),
      await outsider(url, new URL(url).pathname.slice(1)),
    ];
    const writePool = testPool(url, { max: WRITERS + 2 });
    const readPool = testPool(url, { max: 3 });
    const hook = slowSomeAppends(writePool);
    const writeStore = postgresEventStore(writePool, { schema });
    const readStore = postgresEventStore(readPool, { schema, pollIntervalMs: 20 });
    expect(E.isRight(await writeStore.readAll()())).toBe(true); // migrate before racing

    let writing = true;
    const tailed: RecordedEvent[] = [];
    const tail = (async () => {
      let position = 0n;
      for (;;) {
        const stillWriting = writing;
        const batch = await readStore.readAll({ fromPosition: position, batchSize: 50 })();
        if (E.isLeft(batch)) throw new Error(batch.left.message);
        tailed.push(...batch.right.events);
        position = batch.right.nextPosition;
        if (!stillWriting && batch.right.isEnd) return;
      }
    })();
    // The naive reader a sequence-ordered store would be: everything visible, by position.
    const naiveSeen = new Set<string>();
    const naive = (async () => {
      let position = 0n;
      for (;;) {
        const stillWriting = writing;
        const rows = await readPool.query<{ p: string }>(
          `SELECT global_position::text AS p FROM "${schema}".events WHERE global_position >= $1 ORDER BY 1 LIMIT 50`,
          [position.toString()],
        );
        for (const row of rows.rows) naiveSeen.add(row.p);
        const last = rows.rows[rows.rows.length - 1];
        if (last !== undefined) position = BigInt(last.p) + 1n;
        else if (!stillWriting) return; // caught up after the last commit: what it lacks, it skipped
      }
    })();
    const delivered: RecordedEvent[] = [];
    const subscription = readStore.subscribe({
      fromPosition: 0n,
      batchSize: 50,
      handler: (e) => void delivered.push(e),
    });

    const acknowledged = (
      await Promise.all(Array.from({ length: WRITERS }, (_, id) => writer(writeStore, id)))
    ).flat();
    writing = false;
    await Promise.all([tail, naive]);
    for (let i = 0; delivered.length < acknowledged.length && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await subscription.stop();

    const key = (e: RecordedEvent): string => `${e.streamName}@${e.streamPosition}`;
    const expected = new Set(acknowledged.map(key));
    for (const seen of [tailed, delivered]) {
      expect(seen.length).toBe(acknowledged.length); // nothing twice (and with the set: nothing missed)
      expect(new Set(seen.map(key))).toEqual(expected);
      const positions = seen.map((e) => e.globalPosition);
      expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as bigint))).toBe(true);
    }
    // The hook really produced late-filled gaps: the naive reader skipped some events.
    expect(hook.slowed()).toBeGreaterThan(0);
    const naiveMissed = acknowledged.filter((e) => !naiveSeen.has(e.globalPosition.toString()));
    expect(naiveMissed.length).toBeGreaterThan(0);

    await Promise.all(outsiders.map((client) => client.end()));
    await Promise.all([writeStore.close(), readStore.close()]);
    await Promise.all([writePool.end(), readPool.end()]);
  }, 60_000);
});
