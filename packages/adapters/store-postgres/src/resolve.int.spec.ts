import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type { ExpectedVersion } from '@consentry/core';
import { postgresEventStore } from './postgresEventStore.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';
import { anEvent } from './testSupport/events.js';

/**
 * An append whose socket is cut right after its statement went out, while the server keeps
 * running that statement (held up by a row lock another session holds): the store cannot
 * know yet whether it will commit. It must neither lose the append nor write it twice,
 * whichever way the stranded statement ends.
 */
describeWithDatabase('an append whose outcome is unknown, resolved by reading', (url) => {
  const schema = randomSchema('resolve');
  const pool = testPool(url, { max: 6 });
  const store = postgresEventStore(pool, { schema, unknownOutcomeWaitMs: 10_000 });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropSchema(url, schema);
  });

  /** Cuts the connection of the first statement whose name matches, once it is sent. */
  const cutFirst = (pattern: RegExp): (() => void) => {
    const query = pool.query.bind(pool);
    let cut = false;
    pool.query = (async (config: unknown, ...rest: unknown[]) => {
      const name = (config as { name?: string }).name ?? '';
      if (cut || !pattern.test(name))
        return (query as (...a: unknown[]) => unknown)(config, ...rest);
      cut = true;
      const client = await pool.connect();
      client.on('error', () => undefined);
      const sent = client.query(config as pg.QueryConfig);
      (
        client as unknown as { connection: { stream: { destroy(): void } } }
      ).connection.stream.destroy();
      try {
        return await sent;
      } finally {
        client.release(true);
      }
    }) as typeof pool.query;
    return () => void (pool.query = query);
  };

  it.each<[string, ExpectedVersion]>([
    ['at an exact version', 1n],
    ['at any version', 'any'],
  ])('writes it once %s, though the stranded statement was still waiting', async (_, expected) => {
    const stream = `resolve-${String(expected)}`;
    expect(E.isRight(await store.appendToStream(stream, [anEvent()])())).toBe(true);
    // Another session holds the stream's row: the append's statement will wait on it.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT * FROM "${schema}".streams WHERE stream_name = $1 FOR UPDATE`, [
      stream,
    ]);
    const restore = cutFirst(/append_existing/);
    const event = anEvent('Resolved');
    const appending = store.appendToStream(stream, [event], { expectedVersion: expected })();
    await new Promise((resolve) => setTimeout(resolve, 300)); // cut, read (absent), re-sent: all waiting
    await blocker.query('COMMIT');
    await blocker.end();
    const result = await appending;
    restore();

    expect(E.isRight(result) && result.right.nextExpectedVersion).toBe(2n);
    const read = await store.readStream(stream)();
    const ids = E.isRight(read) ? read.right.events.map((e) => e.metadata.eventId) : [];
    expect(ids).toHaveLength(2);
    expect(ids.filter((id) => id === event.metadata.eventId)).toHaveLength(1);
  });
});
