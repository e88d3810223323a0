// `npm run bench` in this package: prints append, facade and replay throughput against a
// real server at DATABASE_URL, in a schema of its own that it drops at the end. Bounded:
// about two seconds per figure.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@consentry/core';
import { postgresEventStore } from '../postgresEventStore.js';
import { statements } from '../statements.js';
import { facadeCommands } from './facade.js';
import { benchEvent, line, measure, rate, throughput, type Measured } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 100_000);

const must = async <A>(task: () => Promise<E.Either<{ message: string }, A>>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const rawInserts = async (pool: pg.Pool, schema: string, writers: number): Promise<Measured> => {
  await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}".raw (id bigserial PRIMARY KEY, v text)`);
  return throughput(writers, SECONDS * 1000, async () => {
    await pool.query({
      name: 'raw',
      text: `INSERT INTO "${schema}".raw (v) VALUES ($1)`,
      values: ['x'],
    });
    return 1;
  });
};

// The store's own append statement for one event, its values computed once: what the server
// allows a single writer whose client does nothing else (no checks, hashing or result).
const statementAlone = async (pool: pg.Pool, schema: string, label: string): Promise<Measured> => {
  const sql = statements(schema);
  const event = benchEvent(0);
  const [data, metadata] = [JSON.stringify(event.data), JSON.stringify(event.metadata)];
  const hash = 'f'.repeat(64);
  const versions = new Map<number, bigint>();
  return throughput(1, SECONDS * 1000, async (_writer, n) => {
    const k = n % 100;
    const before = versions.get(k) ?? 0n;
    const after = String(before + 1n);
    const statement = before === 0n ? sql.appendNewStream(1) : sql.appendToExisting(1);
    const values = [`alone-${label}${k}`, after, event.type, data, metadata, hash, after, hash];
    if (before !== 0n) values.push(String(before), hash);
    const result = await pool.query<{ first_position: string | null }>({ ...statement, values });
    if (result.rows[0]?.first_position == null) throw new Error('statement alone: nothing written');
    versions.set(k, before + 1n);
    return 1;
  });
};

// Each writer appends one event at a time to its own 100 streams, with expected versions.
const appends = (store: EventStore, writers: number, label: string): Promise<Measured> => {
  const versions = new Map<string, bigint>();
  return throughput(writers, SECONDS * 1000, async (writer, n) => {
    const stream = `patient-${label}${writer}x${n % 100}`;
    const result = await must(
      store.appendToStream(stream, [benchEvent(n)], {
        expectedVersion: versions.get(stream) ?? 'no-stream',
      }),
    );
    versions.set(stream, result.nextExpectedVersion);
    return 1;
  });
};

// Writes REPLAY_EVENTS events (8 writers, 500 per append), then reads them all back twice:
// first straight after writing, then once VACUUM has settled the table as autovacuum would.
// The first read of a freshly written row also writes its visibility hint bits.
const replay = async (
  store: EventStore,
  pool: pg.Pool,
  schema: string,
): Promise<{ events: number; fresh: Measured; settled: Measured }> => {
  for (let written = 0; written < REPLAY_EVENTS; written += 8 * 500) {
    const batch = (w: number) =>
      store.appendToStream(
        `replay-${written}-${w}`,
        Array.from({ length: 500 }, (_, n) => benchEvent(n)),
      );
    await Promise.all(Array.from({ length: 8 }, (_, w) => must(batch(w))));
  }
  let events = 0;
  const readAll = async (): Promise<Measured> => {
    // Collect the writing's garbage first (`npm run bench` runs node with --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    return measure(async () => {
      events = 0;
      for (let from = 0n; ;) {
        const batch = await must(store.readAll({ fromPosition: from, batchSize: 1000 }));
        events += batch.events.length;
        from = batch.nextPosition;
        if (batch.isEnd) return events;
      }
    });
  };
  const fresh = await readAll();
  await pool.query(`VACUUM (ANALYZE) "${schema}".events`);
  const settled = await readAll();
  return { events, fresh, settled };
};

const main = async (): Promise<void> => {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    process.stdout.write('bench needs DATABASE_URL (bash .ci/postgres.sh prints one)\n');
    process.exitCode = 1;
    return;
  }
  const schema = `consentry_bench_${randomBytes(4).toString('hex')}`;
  const out = (text: string): boolean => process.stdout.write(`${text}\n`);
  out(`PostgreSQL store bench (${SECONDS} s per figure, schema ${schema})`);
  let run = 0;
  for (const durable of [true, false]) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(durable ? {} : { options: '-c synchronous_commit=off' }),
    });
    const store = postgresEventStore(pool, { schema });
    await must(store.readAll({ batchSize: 1 })); // migrate outside the timings
    out(
      durable
        ? '\n-- durable commits (synchronous_commit=on, the default)'
        : '\n-- synchronous_commit=off (no wait for the WAL flush)',
    );
    out(
      line(
        'raw pg: one-row autocommit INSERT, 1 connection',
        rate(await rawInserts(pool, schema, 1)),
      ),
    );
    out(
      line(
        'raw pg: one-row autocommit INSERT, 8 connections',
        rate(await rawInserts(pool, schema, 8)),
      ),
    );
    out(line('appends/s, single writer', rate(await appends(store, 1, `d${durable}s`)), '2,500/s'));
    out(
      line(
        'the append statement alone, 1 connection',
        rate(await statementAlone(pool, schema, `d${durable}`)),
      ),
    );
    out(
      line(
        'appends/s, 8 concurrent writers',
        rate(await appends(store, 8, `d${durable}c`)),
        '8,000/s',
      ),
    );
    run += 1;
    out(
      line(
        'facade requestAccess commands/s, 1 caller',
        rate(await facadeCommands(store, 1, SECONDS, run)),
      ),
    );
    run += 1;
    out(
      line(
        'facade requestAccess commands/s, 8 callers',
        rate(await facadeCommands(store, 8, SECONDS, run)),
        '2,000/s',
      ),
    );
    if (!durable) {
      const { events, fresh, settled } = await replay(store, pool, schema);
      const label = `readAll replay, ${events.toLocaleString('en-GB')} events (batches of 1,000)`;
      out(line(`${label}, just written`, rate(fresh)));
      out(line(`${label}, after VACUUM`, rate(settled), '250,000/s'));
    }
    await store.close();
    if (!durable) await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pool.end();
  }
};

void main();
