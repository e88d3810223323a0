import { chainHash, GENESIS_HASH, type EventMetadata } from '@consentry/core';

/** One stored event as a person with write access to the database sees the row. */
export interface Row {
  readonly globalPosition: bigint;
  readonly streamName: string;
  readonly streamPosition: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly hash: string;
}

/** Direct row access to a store's own tables (SQLite or PostgreSQL), bypassing the adapter. */
export interface Tables {
  readonly rows: (streamName: string) => Promise<Row[]>;
  readonly update: (globalPosition: bigint, change: Partial<Row>) => Promise<void>;
  readonly remove: (globalPosition: bigint) => Promise<void>;
  readonly insert: (row: Row) => Promise<void>;
  /** A global position strictly between two existing ones that no row uses. */
  readonly freePositionBetween: (a: bigint, b: bigint) => Promise<bigint>;
  /** Keeps the adapter's per-stream head row in step, as a careful forger would. */
  readonly setHead: (streamName: string, version: bigint, hash: string) => Promise<void>;
}

export const STREAM = 'consent-alice';

const at = (rows: Row[], position: bigint): Row => {
  const row = rows.find((r) => r.streamPosition === position);
  if (row === undefined) throw new Error(`no ${STREAM}@${position}`);
  return row;
};

/** What each kind of tampering does, and where `audit verify` must say it happened. */
export const tamperings: Record<
  string,
  {
    readonly kind: string;
    readonly position: (rows: Row[]) => bigint;
    readonly apply: (t: Tables) => Promise<void>;
  }
> = {
  'changed data (a permit basis rewritten)': {
    kind: 'changed',
    position: (rows) => rows.find((r) => r.type === 'AccessGranted')!.streamPosition,
    apply: async (t) => {
      const granted = (await t.rows(STREAM)).find((r) => r.type === 'AccessGranted')!;
      await t.update(granted.globalPosition, {
        data: { ...(granted.data as object), basis: 'registered-practice' },
      });
    },
  },
  'a removed event in the middle of a stream': {
    kind: 'removed',
    position: () => 3n,
    apply: async (t) => t.remove(at(await t.rows(STREAM), 3n).globalPosition),
  },
  'an inserted event (later positions renumbered, its hash computed correctly)': {
    kind: 'inserted',
    position: () => 3n,
    apply: async (t) => {
      const rows = await t.rows(STREAM);
      const [second, third] = [at(rows, 2n), at(rows, 3n)];
      for (const row of [...rows].reverse())
        if (row.streamPosition >= 3n)
          await t.update(row.globalPosition, { streamPosition: row.streamPosition + 1n });
      const forged = {
        streamName: STREAM,
        streamPosition: 3n,
        type: 'SharingPreferenceSet',
        data: { patientId: 'alice', preference: 'allow', setBy: 'patient' },
        metadata: { ...second.metadata, eventId: 'forged-event' },
      };
      await t.insert({
        ...forged,
        globalPosition: await t.freePositionBetween(second.globalPosition, third.globalPosition),
        hash: chainHash(second.hash, forged),
      });
    },
  },
  'two events swapped in the global order': {
    kind: 'reordered',
    position: () => 2n,
    apply: async (t) => {
      const rows = await t.rows(STREAM);
      const [second, third] = [at(rows, 2n), at(rows, 3n)];
      await t.update(second.globalPosition, { globalPosition: -1n });
      await t.update(third.globalPosition, { globalPosition: second.globalPosition });
      await t.update(-1n, { globalPosition: third.globalPosition });
    },
  },
  'two events with their stream positions swapped': {
    kind: 'reordered',
    position: () => 2n,
    apply: async (t) => {
      const rows = await t.rows(STREAM);
      const [second, third] = [at(rows, 2n), at(rows, 3n)];
      await t.update(second.globalPosition, { streamPosition: 1000n });
      await t.update(third.globalPosition, { streamPosition: 2n });
      await t.update(second.globalPosition, { streamPosition: 3n });
    },
  },
  'the last events of a stream removed after a checkpoint': {
    kind: 'removed',
    position: (rows) => rows.at(-1)!.streamPosition - 1n,
    apply: async (t) => {
      const rows = await t.rows(STREAM);
      const keep = rows.slice(0, -2);
      for (const row of rows.slice(-2)) await t.remove(row.globalPosition);
      await t.setHead(STREAM, keep.at(-1)!.streamPosition, keep.at(-1)!.hash);
    },
  },
  'a stream rewritten with a recomputed chain after a checkpoint': {
    kind: 'changed',
    position: (rows) => rows.at(-1)!.streamPosition,
    apply: async (t) => {
      const rows = await t.rows(STREAM);
      let previous = GENESIS_HASH;
      for (const row of rows) {
        const data =
          row.type === 'SharingPreferenceSet'
            ? { ...(row.data as object), preference: 'allow' }
            : row.data;
        const hash = chainHash(previous, { ...row, data });
        await t.update(row.globalPosition, { data, hash });
        previous = hash;
      }
      await t.setHead(STREAM, rows.at(-1)!.streamPosition, previous);
    },
  },
};
