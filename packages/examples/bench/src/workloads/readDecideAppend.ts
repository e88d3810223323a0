import { getInMemoryEventStore, type InMemoryEventStore } from '@event-driven-io/emmett';
import type { OpenStore } from '../stores.js';
import { must, nowNs, progress } from '../measure.js';
import type { Row } from '../results.js';
import { emmettBusyRetries, openEmmettSqlite, retryBusy } from './emmettSqlite.js';
import { emmettEvent, ourEvent, streamFor } from './sampleEvent.js';

// The same decider for both libraries: fold the stream's preferences, decide whether the
// new one changes anything, append it at the version read.
type State = { readonly count: number; readonly last?: string };
const initialState = (): State => ({ count: 0 });
const evolve = (state: State, event: { type: string; data: unknown }): State => ({
  count: state.count + 1,
  last: (event.data as { preference?: string }).preference ?? state.last ?? '',
});
const decide = (state: State, i: number): boolean => state.count < 1_000_000 && i >= 0;

const STREAMS = 1_000;
const EVENTS_PER_STREAM = 10;

const ours = async (open: OpenStore, ops: number): Promise<number> => {
  const store = open.store;
  for (let s = 0; s < STREAMS; s += 1) {
    must(
      await store.appendToStream(
        `patient-${s}`,
        Array.from({ length: EVENTS_PER_STREAM }, (_, k) => ourEvent(s * 100 + k)),
      )(),
      'seed',
    );
  }
  const start = nowNs();
  for (let i = 0; i < ops; i += 1) {
    const stream = streamFor(i, STREAMS);
    const { state, currentVersion } = must(
      await store.aggregateStream(stream, { initialState, evolve })(),
      'aggregate',
    );
    if (decide(state, i))
      must(
        await store.appendToStream(stream, [ourEvent(i)], { expectedVersion: currentVersion })(),
        'append',
      );
  }
  return ops / (Number(nowNs() - start) / 1e9);
};

type EmmettKind = 'in-memory' | 'SQLite';

/** The calls the workload makes, as Emmett's in-memory store types them (its SQLite store returns more). */
type EmmettStore = Pick<InMemoryEventStore, 'aggregateStream' | 'appendToStream'>;

/** Emmett's store of the same kind as ours: in memory, or a SQLite file (FULL, its default). */
const openEmmett = async (
  kind: EmmettKind,
): Promise<{ readonly store: EmmettStore; readonly remove: () => void }> =>
  kind === 'in-memory'
    ? { store: getInMemoryEventStore(), remove: () => undefined }
    : openEmmettSqlite();

const theirs = async (kind: EmmettKind, ops: number): Promise<number> => {
  const { store, remove } = await openEmmett(kind);
  try {
    for (let s = 0; s < STREAMS; s += 1) {
      await retryBusy(() =>
        store.appendToStream(
          `patient-${s}`,
          Array.from({ length: EVENTS_PER_STREAM }, (_, k) => emmettEvent(s * 100 + k)),
        ),
      );
    }
    const start = nowNs();
    for (let i = 0; i < ops; i += 1) {
      const stream = streamFor(i, STREAMS);
      await retryBusy(async () => {
        const { state, currentStreamVersion } = await store.aggregateStream(stream, {
          initialState,
          evolve,
        });
        if (decide(state, i))
          await store.appendToStream(stream, [emmettEvent(i)], {
            expectedStreamVersion: currentStreamVersion,
          });
      });
    }
    return ops / (Number(nowNs() - start) / 1e9);
  } finally {
    remove();
  }
};

/**
 * Read a stream, fold, decide, append at the version read: ours against Emmett's store of
 * the same kind, in memory or on SQLite (FULL for both). The target is set for SQLite.
 */
export const readDecideAppendBench = async (
  open: OpenStore,
  kind: EmmettKind,
  ops: number,
  emmettOps: number,
): Promise<Row[]> => {
  progress(`read-decide-append on ${open.name}`);
  const our = await ours(open, ops);
  progress(`read-decide-append on Emmett ${kind}`);
  const before = emmettBusyRetries.count;
  const their = await theirs(kind, emmettOps);
  const retries = emmettBusyRetries.count - before;
  if (retries > 0)
    progress(`read-decide-append: Emmett ${kind} needed ${retries} SQLITE_BUSY retries`);
  return [
    {
      workload: 'read → decide → append',
      store: kind,
      metric: 'ops/s',
      ours: our,
      theirs: their,
      ...(kind === 'SQLite' ? { target: '≥ 3× Emmett' } : {}),
    },
  ];
};
