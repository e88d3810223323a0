import type { Database, Statement } from 'better-sqlite3';
import { EVENT_COLUMNS, EVENT_COLUMNS_OF } from './mapping.js';

/** Every statement the store runs, prepared once per store. */
export interface Statements {
  readonly streamHead: Statement;
  readonly maxStreamPosition: Statement;
  readonly insertEvent: Statement;
  readonly insertStream: Statement;
  readonly updateStream: Statement;
  readonly readStream: Statement;
  readonly readAll: Statement;
  readonly headPosition: Statement;
}

export const prepareStatements = (db: Database): Statements => ({
  streamHead: db
    .prepare('SELECT version, head_hash FROM streams WHERE stream_name = ?')
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
  insertStream: db.prepare(
    'INSERT INTO streams (stream_name, version, head_hash) VALUES (?, ?, ?)',
  ),
  updateStream: db.prepare('UPDATE streams SET version = ?, head_hash = ? WHERE stream_name = ?'),
  readStream: db
    .prepare(
      `SELECT ${EVENT_COLUMNS_OF('e')}, s.version FROM streams s
       LEFT JOIN events e ON e.stream_name = s.stream_name AND e.stream_position >= ?
       WHERE s.stream_name = ? ORDER BY e.stream_position LIMIT ?`,
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
