/**
 * Personal data (docs/personal-data.md): facade and replay throughput on a plain store and
 * on the same kind of store with personal fields sealed, in one run. Run after building:
 * `node --expose-gc packages/examples/bench/dist/personalData.js [--quick]`; the figures are
 * written down in docs/performance.md.
 */
import {
  accessHistoryProjection,
  alertsProjection,
  inMemoryKeyTable,
  kekRing,
  keyVault,
  localKek,
  openChallengesProjection,
  personalDataStore,
  sharingSummaryProjection,
  toProjected,
  type EventStore,
  type KeyTable,
  type Projection,
} from '@consentry/core';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteEventStore, sqliteKeyTable } from '@consentry/store-sqlite';
import { must, nowNs, progress } from './measure.js';
import { printTable, type Row } from './results.js';
import { openInMemory, openSqlite, scratchDir, type OpenStore } from './stores.js';
import { facadeBench } from './workloads/facade.js';

const quick = process.argv.includes('--quick');
const kek = localKek('bench', Buffer.alloc(32, 7));

const projections = [
  accessHistoryProjection,
  sharingSummaryProjection,
  openChallengesProjection,
  alertsProjection,
] as Projection<unknown>[];

/** Every event of the store read, upcast, opened (when sealed), decoded and folded by four read models. */
const replay = async (store: EventStore): Promise<{ events: number; perSecond: number }> => {
  const states = projections.map((p) => p.initialState());
  let events = 0;
  let position = 0n;
  const start = nowNs();
  for (;;) {
    const batch = must(
      await store.readAll({ fromPosition: position, batchSize: 5_000 })(),
      'readAll',
    );
    for (const event of batch.events) {
      const projected = toProjected(event);
      events += 1;
      if (projected !== undefined)
        for (let i = 0; i < projections.length; i++)
          states[i] = (projections[i] as Projection<unknown>).evolve(states[i], projected);
    }
    position = batch.nextPosition;
    if (batch.isEnd || batch.events.length === 0) break;
  }
  return { events, perSecond: events / (Number(nowNs() - start) / 1e9) };
};

const sealed = (open: OpenStore, keys: KeyTable): OpenStore => ({
  name: `${open.name}, sealed`,
  store: personalDataStore(open.store, keyVault(keys, kekRing(kek))),
  close: () => open.close(),
});

const kinds: readonly { name: string; open: () => OpenStore }[] = [
  { name: 'in-memory', open: openInMemory },
  {
    name: 'in-memory, sealed',
    open: () => sealed(openInMemory(), inMemoryKeyTable()),
  },
  { name: 'SQLite FULL', open: () => openSqlite('FULL') },
  {
    name: 'SQLite FULL, sealed',
    // The key table in the store's own file, as a host keeps it.
    open: () => {
      const scratch = scratchDir();
      const db = new Database(join(scratch.dir, 'bench.db'));
      const opened = sqliteEventStore(db, { synchronous: 'FULL' });
      if (opened._tag === 'Left') throw new Error(opened.left.message);
      return sealed(
        {
          name: 'SQLite FULL',
          store: opened.right,
          close: async () => {
            await opened.right.close();
            db.close();
            scratch.remove();
          },
        },
        sqliteKeyTable(db),
      );
    },
  },
];

const rows: Row[] = [];
for (const kind of kinds) {
  const patients = quick ? 200 : 2_000;
  const commands = quick ? 500 : 3_000;
  const open = kind.open();
  try {
    rows.push(...(await facadeBench({ ...open, name: kind.name }, patients, commands)));
    // Replay of the same log: the seed (registrations, contact details) and the commands.
    const replayed = await replay(open.store);
    progress(`replay on ${kind.name}: ${replayed.events} events`);
    rows.push({
      workload: 'replay: four read models from readAll',
      store: kind.name,
      metric: `events/s (${replayed.events} events)`,
      ours: replayed.perSecond,
    });
  } finally {
    await open.close();
  }
}
process.stdout.write(`${printTable(rows)}\n`);
