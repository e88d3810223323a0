import type { Database, Statement } from 'better-sqlite3';
import { EVENT_COLUMNS } from './mapping.js';

/** Every statement the store runs, prepared once per store. */
export interface Statements {
  readonly streamHead: Statement;
  readonly maxStreamPosition: Statement;
  readonly insertEvent: Statement;
  readonly readStream: Statement;
  readonly readAll: Statement;
  readonly headPosition: Statement;
}

export const prepareStatements = (db: Database): Statements => ({
  // The stream's last event, found from the end of its run in the UNIQUE index.
  streamHead: db
    .prepare(
      'SELECT stream_position, hash FROM events WHERE stream_name = ? ORDER BY stream_position DESC LIMIT 1',
    )
    .raw()
    .safeIntegers(),
  maxStreamPosition: db
    .prepare('SELECT COALESCE(MAX(stream_position), 0) FROM events WHERE stream_name = ?')
    .pluck()
    .safeIntegers(),
  insertEvent: db
    .prepare(
      'INSERT INTO events (stream_name, stream_position, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .safeIntegers(),
  // The events asked for, up to the version the reader found first: events never change,
  // so the version and these rows describe one state even though they are two statements.
  readStream: db
    .prepare(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE stream_name = ? AND stream_position >= ? AND stream_position <= ?
       ORDER BY stream_position LIMIT ?`,
    )
    .raw()
    .safeIntegers(),
  readAll: db
    .prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position >= ? ORDER BY global_position LIMIT ?`,
    )
    .raw()
    .safeIntegers(),
  // The next event's global position: one past the last rowid (MAX of a rowid is one seek).
  headPosition: db
    .prepare('SELECT COALESCE(MAX(global_position), 0) + 1 FROM events')
    .pluck()
    .safeIntegers(),
});
