import Database from 'better-sqlite3';
import type { Row, Tables } from './tamper.js';

interface SqlRow {
  global_position: bigint;
  stream_name: string;
  stream_position: bigint;
  type: string;
  data: string;
  metadata: string;
  hash: string;
}

const COLUMNS: Record<keyof Row, string> = {
  globalPosition: 'global_position',
  streamName: 'stream_name',
  streamPosition: 'stream_position',
  type: 'type',
  data: 'data',
  metadata: 'metadata',
  hash: 'hash',
};

// better-sqlite3 is synchronous; the Tables interface is shared with the PostgreSQL one.
const resolved = <A>(value: A): Promise<A> => Promise.resolve(value);

const toSql = (key: keyof Row, value: unknown): unknown =>
  key === 'data' || key === 'metadata' ? JSON.stringify(value) : value;

/** The SQLite store's own table (`events`), opened with a second connection. */
export const sqliteTables = (file: string): Tables & { close(): void } => {
  const db = new Database(file);
  db.defaultSafeIntegers(true);
  return {
    close: () => db.close(),
    rows: (streamName) =>
      resolved(
        (
          db
            .prepare('SELECT * FROM events WHERE stream_name = ? ORDER BY stream_position')
            .all(streamName) as SqlRow[]
        ).map((r) => ({
          globalPosition: r.global_position,
          streamName: r.stream_name,
          streamPosition: r.stream_position,
          type: r.type,
          data: JSON.parse(r.data) as unknown,
          metadata: JSON.parse(r.metadata) as Row['metadata'],
          hash: r.hash,
        })),
      ),
    update: (globalPosition, change) => {
      const keys = Object.keys(change) as (keyof Row)[];
      db.prepare(
        `UPDATE events SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE global_position = ?`,
      ).run(...keys.map((k) => toSql(k, change[k])), globalPosition);
      return resolved(undefined);
    },
    remove: (globalPosition) =>
      resolved(void db.prepare('DELETE FROM events WHERE global_position = ?').run(globalPosition)),
    insert: (row) => {
      const keys = Object.keys(COLUMNS) as (keyof Row)[];
      db.prepare(
        `INSERT INTO events (${keys.map((k) => COLUMNS[k]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      ).run(...keys.map((k) => toSql(k, row[k])));
      return resolved(undefined);
    },
    // Rowids are dense: spread them out first (through negatives, so no two rows collide).
    freePositionBetween: (a) => {
      db.exec(
        'UPDATE events SET global_position = -global_position * 1000; UPDATE events SET global_position = -global_position;',
      );
      return resolved(a * 1000n + 500n);
    },
    // Since schema 3 a stream's head is its last `events` row: no head row to keep in step.
    setHead: () => resolved(undefined),
  };
};
