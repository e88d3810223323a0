// Prints the SQLite store's numbers: `npm run bench` in this package after
// `npx tsc -b tsconfig.build.json` at the root (it runs the built dist, as a user would).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteEventStore } from '../dist/index.js';
import { rawReadAndParse, rawSingleRowCommits } from './baseline.js';
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
const rate = (count, ms) => Math.round((count / ms) * 1000);
const line = (what, value, target, raw) =>
  console.log(
    `${what.padEnd(56)} ${String(value).padStart(10)}${target ? `  target ${target}` : ''}${raw ? `  (raw better-sqlite3 now: ${raw})` : ''}`,
  );

/** One event per append, one transaction each, over 1,000 streams with exact expected versions. */
const singleAppends = async (synchronous, count) => {
  const { db, store } = open({ synchronous });
  const versions = new Array(1000).fill(0n);
  const latencies = new Float64Array(count);
  const batch = events(count);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const stream = i % 1000;
    const t = performance.now();
    const result = ok(
      await store.appendToStream(`patient-${stream}`, [batch[i]], {
        expectedVersion: versions[stream],
      })(),
      'append',
    );
    latencies[i] = performance.now() - t;
    versions[stream] = result.nextExpectedVersion;
  }
  const elapsed = performance.now() - started;
  db.close();
  latencies.sort();
  return {
    perSecond: rate(count, elapsed),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
};

/** Ten events per append (one transaction). */
const batchedAppends = async (synchronous, appends) => {
  const { db, store } = open({ synchronous });
  const batches = Array.from({ length: appends }, (_, i) => events(10, i * 10));
  const started = performance.now();
  for (let i = 0; i < appends; i++)
    ok(await store.appendToStream(`patient-${i % 1000}`, batches[i])(), 'append');
  const elapsed = performance.now() - started;
  db.close();
  return rate(appends * 10, elapsed);
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
  const started = performance.now();
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
  const elapsed = performance.now() - started;
  db.close();
  if (count !== total || declines === 0) throw new Error(`replay read ${count} of ${total} events`);
  return rate(count, elapsed);
};

const replayTotal = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
console.log(
  `SQLite store bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
try {
  const rawFull = rawSingleRowCommits(join(dir, 'raw-full.db'), 'FULL', 2_000);
  const full = await singleAppends('FULL', 5_000);
  line(
    'single-event appends/s, synchronous FULL',
    full.perSecond,
    '≥ 5,000',
    `${rawFull} commits/s`,
  );
  line('  append latency p50 / p99 (ms), FULL', `${full.p50.toFixed(3)} / ${full.p99.toFixed(3)}`);
  const rawNormal = rawSingleRowCommits(join(dir, 'raw-normal.db'), 'NORMAL', 20_000);
  const normal = await singleAppends('NORMAL', 20_000);
  line(
    'single-event appends/s, synchronous NORMAL',
    normal.perSecond,
    '≥ 30,000',
    `${rawNormal} commits/s`,
  );
  line(
    '  append latency p50 / p99 (ms), NORMAL',
    `${normal.p50.toFixed(3)} / ${normal.p99.toFixed(3)}`,
  );
  line(
    'batched appends events/s (10 per transaction), NORMAL',
    await batchedAppends('NORMAL', 5_000),
    '≥ 200,000',
  );
  line('batched appends events/s (10 per transaction), FULL', await batchedAppends('FULL', 2_000));
  const rawRead = rawReadAndParse(join(dir, 'raw-read.db'), replayTotal);
  line(
    `readAll replay events/s, ${replayTotal.toLocaleString('en-GB')} events, codec on`,
    await replay(replayTotal, 1_000),
    '≥ 300,000',
    `${rawRead} rows/s read + 2 JSON.parse`,
  );
  console.log('facade commands/s: see docs/performance.md (needs createConsentry)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
