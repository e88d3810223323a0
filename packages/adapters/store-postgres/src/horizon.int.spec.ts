import { expectRight } from '@consentry/core/testing';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { catchingUp, type RecordedEvent } from '@consentry/core';
import { postgresEventStore } from './postgresEventStore.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';
import { anEvent } from './testSupport/events.js';

const connect = async (url: string, database?: string): Promise<pg.Client> => {
  const target = new URL(url);
  if (database !== undefined) target.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  return client;
};

/** A transaction that has taken an id and waits, touching nothing of the store's. */
const outsider = async (url: string, database?: string): Promise<pg.Client> => {
  const client = await connect(url, database);
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  return client;
};

// A read model (these test events are not domain events, so it folds none of them).
const counting = { name: 'counting', initialState: () => 0, evolve: (count: number) => count };

describeWithDatabase('the readAll horizon: writers announce themselves', (url) => {
  const schema = randomSchema('horizon');
  const pool = testPool(url, { max: 4 });
  const store = postgresEventStore(pool, { schema, horizonWaitMs: 200 });
  const opened: pg.Client[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((client) => client.end().catch(() => undefined)));
    await store.close();
    await pool.end();
    await dropSchema(url, schema);
  });

  const append = async (stream: string): Promise<RecordedEvent> => {
    const result = await expectRight(store.appendToStream(stream, [anEvent()]), 'append');
    return result.events[0] as RecordedEvent;
  };
  const readFrom = async (position: bigint) => {
    const batch = await store.readAll({ fromPosition: position })();
    if (E.isLeft(batch)) throw new Error(batch.left.message);
    return batch.right;
  };

  it('refuses events from a transaction that had an id before it announced itself', async () => {
    await append('first');
    const client = await connect(url);
    opened.push(client);
    await client.query('BEGIN');
    await client.query('SELECT pg_current_xact_id()');
    await expect(client.query(`SELECT "${schema}".begin_write()`)).rejects.toMatchObject({
      code: '55000',
    });
    await client.query('ROLLBACK');
    // Announced first, then an id: allowed, and again within the same transaction.
    await client.query('BEGIN');
    await client.query(`SELECT "${schema}".begin_write()`);
    await client.query('SELECT pg_current_xact_id()');
    await client.query(`SELECT "${schema}".begin_write()`);
    await client.query('ROLLBACK');
  });

  it('waits for a writer of this schema, never for a transaction elsewhere', async () => {
    const database = new URL(url).pathname.slice(1);
    opened.push(await outsider(url, 'postgres'), await outsider(url, database));
    const start = (await readFrom(0n)).nextPosition;

    // Outsiders open: a new event is read at once, to the end.
    const quick = await append('quick');
    const started = Date.now();
    const first = await readFrom(start);
    expect(first.events.map((e) => e.streamName)).toEqual(['quick']);
    expect(first.isEnd).toBe(true);
    expect(Date.now() - started).toBeLessThan(150);

    // A writer of this schema announces itself and takes an id; an event committed after it
    // is held back, since the writer could still write below it.
    const writer = await connect(url);
    opened.push(writer);
    await writer.query('BEGIN');
    await writer.query(`SELECT "${schema}".begin_write()`);
    await writer.query('SELECT pg_current_xact_id()');
    const after = await append('after');
    const held = await readFrom(quick.globalPosition + 1n);
    expect([held.events.length, held.isEnd]).toEqual([0, false]);

    // A read model says it is behind instead of answering as if current.
    const view = await catchingUp(store, counting).current()();
    expect(E.isLeft(view) && view.left).toMatchObject({ _tag: 'StoreUnavailable' });
    expect(E.isLeft(view) && view.left.message).toMatch(/^Behind: /);

    // The writer's event lands below the one committed earlier; once it commits, both are
    // read, in position order.
    const late = anEvent();
    await writer.query(
      `INSERT INTO "${schema}".events (global_position, stream_name, stream_position, type, data, metadata, hash)
       VALUES (pg_current_xact_id()::text::bigint << 16, 'late', 1, $1, $2, $3, 'h')`,
      [late.type, JSON.stringify(late.data), JSON.stringify(late.metadata)],
    );
    await writer.query('COMMIT');
    const both = await readFrom(quick.globalPosition + 1n);
    expect(both.events.map((e) => e.streamName)).toEqual(['late', 'after']);
    expect((both.events[1] as RecordedEvent).globalPosition).toBe(after.globalPosition);
    const caught = await catchingUp(store, counting).current()();
    expect(E.isRight(caught)).toBe(true);
  });
});
