// Prints the SQLite store's numbers: `npm run bench` in this package after
// `npx tsc -b tsconfig.build.json` at the root (it runs the built dist, as a user would).
// Each rate is wall-clock; "per CPU-s" is the same work per second of this process's CPU
// time, which is what a core of its own would give when the machine is shared.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteEventStore } from '../dist/index.js';
import { rawReadAndParse, rawSingleRowCommits } from './baseline.js';
import { facadeCommands } from './facade.js';
import { events, percentile } from './workload.js';

const dir = mkdtempSync(join(tmpdir(), 'consentry-sqlite-bench-'));
let files = 0;
const open = (options) => {
  const db = new Database(join(dir, `bench-${files++}.db`));
  const store = sqliteEventStore(db, options);
  if (store._tag === 'Left') throw new Error(store.left.message);
  return { db, store: store.right };
};
const ok = (result, what) => {
  if (result._tag === 'Left') throw new Error(`${what}: ${result.left.message}`);
  return result.right;
};

/** Starts a clock; `stop(count)` gives count per wall second and per CPU second. */
export const timer = () => {
  // The garbage of the setup before (filling a million events) is collected now, not inside
  // the measured work (`npm run bench` runs node with --expose-gc; without it, nothing happens).
  globalThis.gc?.();
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return (count) => {
    const used = process.cpuUsage(cpu);
    return {
      wall: Math.round((count / (performance.now() - wall)) * 1000),
      cpu: Math.round(count / ((used.user + used.system) / 1e6)),
    };
  };
};

const fmt = (n) => n.toLocaleString('en-GB');
const line = (what, { wall, cpu }, target, raw) =>
  console.log(
    `${what.padEnd(50)} ${fmt(wall).padStart(9)}/s  ${`(${fmt(cpu)} per CPU-s)`.padEnd(22)}` +
      `${target ? `target ${target}` : ''}${raw ? `  raw better-sqlite3 now: ${raw}` : ''}`,
  );

/** One event per append, one transaction each, over 1,000 streams with exact expected versions. */
const singleAppendsTo = async (store, synchronous, count) => {
  const versions = new Array(1000).fill(undefined);
  const latencies = new Float64Array(count);
  const batch = events(count);
  const stop = timer();
  for (let i = 0; i < count; i++) {
    const stream = i % 1000;
    const t = performance.now();
    const expectedVersion = versions[stream] ?? 'no-stream';
    const name = `appended-${stream}`;
    const result = ok(
      await store.appendToStream(name, [batch[i]], { expectedVersion })(),
      'append',
    );
    latencies[i] = performance.now() - t;
    versions[stream] = result.nextExpectedVersion;
  }
  const rates = stop(count);
  latencies.sort();
  return { ...rates, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
};

const singleAppends = async (synchronous, count) => {
  const { db, store } = open({ synchronous });
  const result = await singleAppendsTo(store, synchronous, count);
  db.close();
  return result;
};

/** One event per append from `callers` concurrent loops, each on its own streams: group commit. */
const concurrentAppends = async (synchronous, callers, count) => {
  const { db, store } = open({ synchronous });
  const batch = events(count);
  const caller = async (c) => {
    for (let i = c; i < count; i += callers)
      ok(await store.appendToStream(`appended-${i % 1000}`, [batch[i]])(), 'append');
  };
  const stop = timer();
  await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
  const rates = stop(count);
  db.close();
  return rates;
};

/** Ten events per append (one transaction). */
const batchedAppends = async (synchronous, appends) => {
  const { db, store } = open({ synchronous });
  const batches = Array.from({ length: appends }, (_, i) => events(10, i * 10));
  const stop = timer();
  for (let i = 0; i < appends; i++)
    ok(await store.appendToStream(`patient-${i % 1000}`, batches[i])(), 'append');
  const rates = stop(appends * 10);
  db.close();
  return rates;
};

/** Writes `total` events (100 per append, NORMAL), then reads them all back with readAll, decoding every row. */
const replay = async (total, batchSize) => {
  const { db, store } = open({ synchronous: 'NORMAL' });
  for (let written = 0; written < total; written += 100) {
    ok(
      await store.appendToStream(`patient-${(written / 100) % 10_000}`, events(100, written))(),
      'fill',
    );
  }
  const stop = timer();
  let count = 0;
  let declines = 0;
  for (let from = 0n; ;) {
    const batch = ok(await store.readAll({ fromPosition: from, batchSize })(), 'readAll');
    for (const e of batch.events) {
      count++;
      if (e.data.preference === 'decline') declines++;
    }
    if (batch.isEnd) break;
    from = batch.nextPosition;
  }
  const rates = stop(count);
  if (count !== total || declines === 0) throw new Error(`replay read ${count} of ${total} events`);
  const floor = rawReadAndParse(db);
  if (floor.seen !== total) throw new Error(`raw read saw ${floor.seen} of ${total} rows`);
  // Appends must not slow down as the store grows: the same single appends as on an empty store.
  const grown = await singleAppendsTo(store, 'NORMAL', 20_000);
  db.close();
  return { ...rates, grown, floor: floor.perSecond };
};

const ms = (n) => n.toFixed(3);
const replayTotal = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(
  `SQLite store bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, load ${load}`,
);
try {
  const rawFull = rawSingleRowCommits(join(dir, 'raw-full.db'), 'FULL', 2_000);
  const full = await singleAppends('FULL', 5_000);
  line('single-event appends, synchronous FULL', full, '≥ 5,000', `${fmt(rawFull)} commits/s`);
  console.log(`  append latency p50 / p99, FULL: ${ms(full.p50)} / ${ms(full.p99)} ms`);
  line(
    'single-event appends, FULL, 8 concurrent callers',
    await concurrentAppends('FULL', 8, 8_000),
    '≥ 5,000',
  );
  const rawNormal = rawSingleRowCommits(join(dir, 'raw-normal.db'), 'NORMAL', 20_000);
  const normal = await singleAppends('NORMAL', 20_000);
  line(
    'single-event appends, synchronous NORMAL',
    normal,
    '≥ 30,000',
    `${fmt(rawNormal)} commits/s`,
  );
  console.log(`  append latency p50 / p99, NORMAL: ${ms(normal.p50)} / ${ms(normal.p99)} ms`);
  const rawBatched = rawSingleRowCommits(join(dir, 'raw-batched.db'), 'NORMAL', 5_000, 10);
  line(
    'batched appends, 10 events per transaction, NORMAL',
    await batchedAppends('NORMAL', 5_000),
    '≥ 200,000 events',
    `${fmt(rawBatched)} rows/s, 10 per commit`,
  );
  line('batched appends, 10 events per transaction, FULL', await batchedAppends('FULL', 2_000));
  const replayed = await replay(replayTotal, 1_000);
  line(
    `readAll replay of ${fmt(replayTotal)} events, codec on`,
    replayed,
    '≥ 300,000',
    `${fmt(replayed.floor)} same rows/s + 2 JSON.parse`,
  );
  line(`single-event appends, NORMAL, onto those ${fmt(replayTotal)} events`, replayed.grown);
  console.log(
    `  append latency p50 / p99 there: ${ms(replayed.grown.p50)} / ${ms(replayed.grown.p99)} ms`,
  );
  const rawFacade = rawSingleRowCommits(join(dir, 'raw-facade.db'), 'FULL', 1_000);
  const commands = await facadeCommands(join(dir, 'facade.db'), 'FULL', 200, 2_000, timer);
  line(
    'facade commands (setSharingPreference), FULL',
    commands,
    '≥ 4,000',
    `${fmt(rawFacade)} commits/s`,
  );
  const concurrent = await facadeCommands(join(dir, 'facade-8.db'), 'FULL', 200, 4_000, timer, 8);
  line('facade commands, FULL, 8 concurrent callers', concurrent, '≥ 4,000');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
