import type { OpenStore } from '../stores.js';
import { must, nowNs, progress } from '../measure.js';
import type { Row } from '../results.js';
import { emmettBusyRetries, openEmmettSqlite, retryBusy } from './emmettSqlite.js';
import { emmettEvent, ourEvent } from './sampleEvent.js';

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
    const stream = `patient-${(i * 7919) % STREAMS}`;
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

const theirs = async (ops: number): Promise<number> => {
  const { store, remove } = await openEmmettSqlite();
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
      const stream = `patient-${(i * 7919) % STREAMS}`;
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

/** Read a stream, fold, decide, append at the version read: ours on SQLite FULL against Emmett's SQLite store. */
export const readDecideAppendBench = async (open: OpenStore, ops = 3_000): Promise<Row[]> => {
  progress(`read-decide-append on ${open.name}`);
  const our = await ours(open, ops);
  progress('read-decide-append on Emmett SQLite');
  const before = emmettBusyRetries.count;
  const their = await theirs(Math.min(ops, 1_000));
  const retries = emmettBusyRetries.count - before;
  if (retries > 0)
    progress(`read-decide-append: Emmett SQLite needed ${retries} SQLITE_BUSY retries`);
  return [
    {
      workload: 'read → decide → append',
      store: 'SQLite',
      metric: 'ops/s',
      ours: our,
      theirs: their,
      target: '≥ 3× Emmett',
    },
  ];
};
