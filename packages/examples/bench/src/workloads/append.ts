import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { inMemoryEventStore, type NewEvent } from '@consentry/core';
import { collectSetupGarbage, must, nowNs, progress, rateWithin } from '../measure.js';
import { firstTouchNs, minorFaults } from '../pageFaults.js';
import type { Row } from '../results.js';
import { batchesOf, emmettEvent, ourEvent, streamFor } from './sampleEvent.js';

const SIZES = [1_000, 10_000, 100_000] as const;
/** Emmett's in-memory append slows with every stream in the store, so seeding it to 100,000 streams takes minutes; stop at this size. */
const EMMETT_MAX_STREAMS = 10_000;

interface Timed {
  readonly perSecond: number;
  /** Page faults during the timed appends, and the time they took at `firstTouchNs` each. */
  readonly faults: number;
  readonly elapsedNs: number;
}

const ourRate = async (existing: number, perCall: number, calls: number): Promise<Timed> => {
  const store = inMemoryEventStore();
  for (let s = 0; s < existing; s += 1)
    must(await store.appendToStream(`patient-${s}`, [ourEvent(s)])(), 'seed');
  const batches = batchesOf(perCall, ourEvent);
  collectSetupGarbage(); // the seeding's, for both libraries
  const faults = minorFaults();
  const start = nowNs();
  for (let i = 0; i < calls; i += 1) {
    must(
      await store.appendToStream(streamFor(i, existing), batches[i & 63]!, {
        expectedVersion: 'any',
      })(),
      'append',
    );
  }
  const elapsedNs = Number(nowNs() - start);
  return {
    perSecond: (calls * perCall) / (elapsedNs / 1e9),
    faults: minorFaults() - faults,
    elapsedNs,
  };
};

/** A deep copy with no checks and no freezing: the least a store that keeps its own copy must do. */
const plainCopy = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(plainCopy);
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = plainCopy((value as Record<string, unknown>)[key]);
  return out;
};

/**
 * The most any in-memory store could do on this machine: each call an awaited function
 * that pushes a plain copy of each event, with its position, onto one array. No stream map,
 * version check, validation, freezing or result: what is left is the memory every kept event
 * needs, and the call.
 */
const noStoreRate = async (perCall: number, calls: number): Promise<number> => {
  const kept: unknown[] = [];
  const keep = (events: readonly NewEvent[]): Promise<number> => {
    for (const event of events) {
      const copy = plainCopy(event) as Record<string, unknown>;
      copy.globalPosition = kept.length + 1;
      kept.push(copy);
    }
    return Promise.resolve(kept.length);
  };
  const batches = batchesOf(perCall, ourEvent);
  collectSetupGarbage();
  const start = nowNs();
  for (let i = 0; i < calls; i += 1) await keep(batches[i & 63]!);
  return (calls * perCall) / (Number(nowNs() - start) / 1e9);
};

const emmettRate = async (existing: number, perCall: number, budgetMs: number): Promise<number> => {
  const store = getInMemoryEventStore();
  for (let s = 0; s < existing; s += 1)
    await store.appendToStream(`patient-${s}`, [emmettEvent(s)]);
  const batches = batchesOf(perCall, emmettEvent);
  collectSetupGarbage();
  const calls = await rateWithin(budgetMs, 100, (i) =>
    store.appendToStream(streamFor(i, existing), batches[i & 63]!),
  );
  return calls.perSecond * perCall;
};

/**
 * In-memory append throughput at 1,000, 10,000 and 100,000 existing streams, one and ten
 * events per call, appending to random existing streams; Emmett's in-memory store beside it.
 */
export const appendBench = async (): Promise<Row[]> => {
  const rows: Row[] = [];
  const touchNs = firstTouchNs();
  rows.push({
    workload: 'machine: first touch of a fresh 4 KiB page',
    store: '',
    metric: 'µs',
    ours: touchNs / 1000,
  });
  for (const perCall of [1, 10]) {
    const calls = perCall === 1 ? 300_000 : 50_000;
    progress(`append: no store, ${perCall} event(s)/call`);
    rows.push({
      workload: `keep a plain copy of each event, ${perCall}/call`,
      store: 'in-memory, no store',
      metric: 'events/s',
      ours: await noStoreRate(perCall, calls),
    });
    for (const existing of SIZES) {
      progress(`append: ${perCall} event(s)/call at ${existing.toLocaleString()} streams`);
      const timed = await ourRate(existing, perCall, calls);
      const theirs =
        existing <= EMMETT_MAX_STREAMS ? await emmettRate(existing, perCall, 1500) : undefined;
      rows.push({
        workload: `append, ${perCall} event${perCall === 1 ? '' : 's'}/call`,
        store: `in-memory, ${existing.toLocaleString()} streams`,
        metric: 'events/s',
        ours: timed.perSecond,
        ...(theirs === undefined ? { note: 'not run (seeding takes minutes)' } : { theirs }),
        ...(perCall === 1 ? { target: '≥ 1,000,000/s, flat' } : {}),
      });
      if (existing === SIZES[SIZES.length - 1]) {
        rows.push({
          workload: '… of which first-touch page faults',
          store: `in-memory, ${existing.toLocaleString()} streams`,
          metric: '% of time',
          ours: Math.min(100, ((timed.faults * touchNs) / timed.elapsedNs) * 100),
        });
      }
    }
  }
  return rows;
};
