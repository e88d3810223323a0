import { must, progress, rateWithin } from '../measure.js';
import type { Row } from '../results.js';
import { openSqlite } from '../stores.js';
import { openEmmettSqlite, retryBusy } from './emmettSqlite.js';
import { batchesOf, emmettEvent, ourEvent, streamFor } from './sampleEvent.js';

const STREAMS = 1_000;

/** Events/s appending `perCall` events at a time to random streams of a SQLite FULL store holding 1,000. */
const ourRate = async (perCall: number, budgetMs: number): Promise<number> => {
  const open = openSqlite('FULL');
  try {
    for (let s = 0; s < STREAMS; s += 1)
      must(await open.store.appendToStream(`patient-${s}`, [ourEvent(s)])(), 'seed');
    const batches = batchesOf(perCall, ourEvent);
    const calls = await rateWithin(budgetMs, 20, async (i) =>
      must(
        await open.store.appendToStream(streamFor(i, STREAMS), batches[i & 63]!, {
          expectedVersion: 'any',
        })(),
        'append',
      ),
    );
    return calls.perSecond * perCall;
  } finally {
    await open.close();
  }
};

/** The same on Emmett's SQLite store (WAL, synchronous FULL: its default). */
const emmettRate = async (perCall: number, budgetMs: number): Promise<number> => {
  const { store, remove } = await openEmmettSqlite();
  try {
    for (let s = 0; s < STREAMS; s += 1)
      await retryBusy(() => store.appendToStream(`patient-${s}`, [emmettEvent(s)]));
    const batches = batchesOf(perCall, emmettEvent);
    const calls = await rateWithin(budgetMs, 20, (i) =>
      retryBusy(() => store.appendToStream(streamFor(i, STREAMS), batches[i & 63]!)),
    );
    return calls.perSecond * perCall;
  } finally {
    remove();
  }
};

/**
 * Append throughput on SQLite with durable commits, one and ten events per call, ours
 * beside Emmett's SQLite store: the append workload of `append.ts` on the other kind of
 * store both libraries offer. One caller, so each call waits for its own commit.
 */
export const sqliteAppendBench = async (budgetMs = 3_000): Promise<Row[]> => {
  const rows: Row[] = [];
  for (const perCall of [1, 10]) {
    progress(
      `append on SQLite FULL: ${perCall} event(s)/call at ${STREAMS.toLocaleString()} streams`,
    );
    const ours = await ourRate(perCall, budgetMs);
    progress(`append on Emmett SQLite: ${perCall} event(s)/call`);
    const theirs = await emmettRate(perCall, budgetMs);
    rows.push({
      workload: `append, ${perCall} event${perCall === 1 ? '' : 's'}/call`,
      store: `SQLite FULL, ${STREAMS.toLocaleString()} streams`,
      metric: 'events/s',
      ours,
      theirs,
    });
  }
  return rows;
};
