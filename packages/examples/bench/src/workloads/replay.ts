import { randomUUID } from 'node:crypto';
import { readMessagesBatch, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import {
  accessHistoryProjection,
  alertsProjection,
  openChallengesProjection,
  rebuild,
  sharingSummaryProjection,
  toProjected,
  type NewEvent,
  type Projection,
  type RecordedEvent,
} from '@consentry/core';
import { must, nowNs, progress, collectSetupGarbage } from '../measure.js';
import type { Row } from '../results.js';
import { consentryOver, seed } from '../seed.js';
import { openInMemory, type OpenStore } from '../stores.js';
import { emmettBusyRetries, openEmmettSqlite, retryBusy } from './emmettSqlite.js';

const CHUNK = 500;

/** The four read models of a host, folded in one pass. */
const allProjections = [
  accessHistoryProjection,
  sharingSummaryProjection,
  openChallengesProjection,
  alertsProjection,
] as const;
const combined: Projection<unknown[]> = {
  name: 'all',
  initialState: () => allProjections.map((p) => p.initialState()),
  evolve: (states, event) => {
    for (let i = 0; i < allProjections.length; i += 1) {
      states[i] = (allProjections[i] as Projection<unknown>).evolve(states[i], event);
    }
    return states;
  },
};

/**
 * How many events of the chunks the projections must see: every domain event decodes, so a
 * replay that folds fewer has skipped (failed to decode) events it should have read.
 */
const decodableCount = (chunks: readonly NewEvent[][]): number =>
  chunks
    .flat()
    .filter(
      (e) =>
        toProjected({ ...e, streamName: 'x', streamPosition: 1n, globalPosition: 1n, hash: '' }) !==
        undefined,
    ).length;

/** The combined projection, counting what it folds. */
const counting = (): { projection: Projection<unknown[]>; folded: () => number } => {
  let folded = 0;
  return {
    projection: {
      ...combined,
      evolve: (states, event) => {
        folded += 1;
        return combined.evolve(states, event);
      },
    },
    folded: () => folded,
  };
};

const checkFolded = (who: string, folded: number, expected: number): void => {
  if (folded !== expected)
    throw new Error(
      `${who} replay folded ${folded} events, expected ${expected}: some did not decode`,
    );
};

/** Real domain events from a seeded story with access requests, to be repeated up to the replay size. */
export const templateEvents = async (): Promise<NewEvent[]> => {
  const open = openInMemory();
  const consentry = consentryOver(open.store);
  const seeded = await seed(consentry, 200);
  for (const patientId of seeded.patients) {
    for (const organisationId of seeded.careWith.get(patientId) ?? []) {
      must(
        await consentry.requestAccess(
          { patientId, organisationId, purpose: 'TREAT' },
          { actor: { kind: 'organisation-staff', id: 'c', organisationId } },
        )(),
        'requestAccess',
      );
    }
  }
  const batch = must(
    await open.store.readAll({ fromPosition: 0n, batchSize: 1_000_000 })(),
    'readAll',
  );
  await open.close();
  return batch.events.map(({ type, data, metadata }) => ({ type, data, metadata }));
};

const copies = (template: readonly NewEvent[], total: number, chunk: number): NewEvent[][] => {
  const chunks: NewEvent[][] = [];
  for (let i = 0; i < total; i += chunk) {
    chunks.push(
      Array.from({ length: Math.min(chunk, total - i) }, (_, k) => {
        const e = template[(i + k) % template.length]!;
        return { ...e, metadata: { ...e.metadata, eventId: randomUUID() } };
      }),
    );
  }
  return chunks;
};

const fill = async (open: OpenStore, chunks: readonly NewEvent[][]): Promise<void> => {
  let next = 0;
  const writer = async (): Promise<void> => {
    for (let k = next++; k < chunks.length; k = next++) {
      must(
        await open.store.appendToStream(`replay-${k}`, chunks[k]!, {
          expectedVersion: 'no-stream',
        })(),
        'fill',
      );
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
};

const ourReplay = async (
  open: OpenStore,
  chunks: readonly NewEvent[][],
  total: number,
): Promise<number> => {
  progress(`replay: filling ${open.name} with ${total.toLocaleString()} events`);
  await fill(open, chunks);
  progress(`replay: reading ${open.name} into the projections`);
  const { projection, folded } = counting();
  collectSetupGarbage();
  const start = nowNs();
  must(await rebuild(open.store, projection)(), 'rebuild');
  const seconds = Number(nowNs() - start) / 1e9;
  checkFolded(open.name, folded(), decodableCount(chunks));
  return total / seconds;
};

const emmettReplay = async (chunks: readonly NewEvent[][], total: number): Promise<number> => {
  const { store, file, remove } = await openEmmettSqlite();
  try {
    progress(`replay: filling Emmett SQLite with ${total.toLocaleString()} events`);
    for (let k = 0; k < chunks.length; k += 1) {
      const events = chunks[k]!.map((e) => ({
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: { ...e.metadata },
      }));
      await retryBusy(() => store.appendToStream(`replay-${k}`, events));
    }
    progress('replay: reading Emmett SQLite into the same projections');
    const connection = sqliteConnection({ fileName: file });
    const { projection, folded } = counting();
    const state = projection.initialState();
    collectSetupGarbage();
    const start = nowNs();
    let after = 0n;
    let read = 0;
    for (;;) {
      const batch = await readMessagesBatch(connection, { after, batchSize: 1000 });
      for (const message of batch.messages) {
        const m = message.metadata as unknown as RecordedEvent['metadata'] & {
          streamName: string;
          streamPosition: bigint;
          globalPosition: bigint;
        };
        const recorded = {
          type: message.type,
          data: message.data,
          metadata: m,
          streamName: m.streamName,
          streamPosition: m.streamPosition,
          globalPosition: m.globalPosition,
          hash: '',
        } as RecordedEvent;
        const projected = toProjected(recorded);
        if (projected !== undefined) projection.evolve(state, projected);
        read += 1;
      }
      after = batch.currentGlobalPosition;
      if (!batch.areEventsLeft || batch.messages.length === 0) break;
    }
    const seconds = Number(nowNs() - start) / 1e9;
    connection.close();
    if (read < total) throw new Error(`Emmett replay read ${read} of ${total} events`);
    checkFolded('Emmett SQLite', folded(), decodableCount(chunks));
    if (emmettBusyRetries.count > 0)
      progress(
        `replay: Emmett SQLite needed ${emmettBusyRetries.count} SQLITE_BUSY retries so far; it read back ${read} events`,
      );
    return total / seconds;
  } finally {
    remove();
  }
};

/** Replay of 1,000,000 events into the host's projections on each store, Emmett SQLite beside ours. */
export const replayBench = async (
  stores: readonly (() => OpenStore | undefined)[],
  total = 1_000_000,
  emmettTotal = total,
): Promise<Row[]> => {
  const template = await templateEvents();
  const chunks = copies(template, total, CHUNK);
  const rows: Row[] = [];
  let emmett: number | undefined;
  for (const openStore of stores) {
    const open = openStore();
    if (open === undefined) continue;
    try {
      const ours = await ourReplay(open, chunks, total);
      const isSqlite = open.name.startsWith('SQLite');
      if (isSqlite && emmett === undefined)
        emmett = await emmettReplay(copies(template, emmettTotal, CHUNK), emmettTotal);
      rows.push({
        workload: `replay ${total.toLocaleString()} events into projections`,
        store: open.name,
        metric: 'events/s',
        ours,
        ...(isSqlite && emmett !== undefined ? { theirs: emmett, target: '≥ 6× Emmett' } : {}),
      });
    } finally {
      await open.close();
    }
  }
  return rows;
};
