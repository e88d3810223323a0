import Database from 'better-sqlite3';
import { toProjected, type RecordedEvent } from '@consentry/core';
import { collectSetupGarbage, nowNs } from '../measure.js';
import { checkFolded, counting } from './replayFold.js';

type EventRow = [number, string, number, string, string, string, string];

/**
 * A replay with no store: the rows our store wrote, read with better-sqlite3 and `JSON.parse`
 * and nothing else, folded through the same decoding and read models. No store on SQLite
 * can replay faster than reading its own rows, so Emmett's replay against this one bounds
 * the ratio any store could show (within the run's noise). Returns events read per second,
 * and fails unless `expectedFolded` of them decoded and were folded.
 */
export const rawRowsReplay = (file: string, expectedFolded: number): number => {
  const db = new Database(file, { readonly: true });
  try {
    const statement = db
      .prepare(
        'SELECT global_position, stream_name, stream_position, type, data, metadata, hash FROM events WHERE global_position > ? ORDER BY global_position LIMIT 1000',
      )
      .raw();
    const { projection, folded } = counting();
    const state = projection.initialState();
    collectSetupGarbage();
    const start = nowNs();
    let read = 0;
    for (let after = 0; ;) {
      const rows = statement.all(after) as EventRow[];
      read += rows.length;
      for (const row of rows) {
        const projected = toProjected({
          globalPosition: BigInt(row[0]),
          streamName: row[1],
          streamPosition: BigInt(row[2]),
          type: row[3],
          data: JSON.parse(row[4]) as unknown,
          metadata: JSON.parse(row[5]) as RecordedEvent['metadata'],
          hash: row[6],
        });
        if (projected !== undefined) projection.evolve(state, projected);
      }
      if (rows.length < 1000) break;
      after = rows[rows.length - 1]![0];
    }
    const seconds = Number(nowNs() - start) / 1e9;
    checkFolded('raw SQLite rows', folded(), expectedFolded);
    return read / seconds;
  } finally {
    db.close();
  }
};
