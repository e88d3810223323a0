import type { Database } from 'better-sqlite3';

/** Marks a file as a Consentry event store (SQLite's `application_id` header field): "CNST". */
export const APPLICATION_ID = 0x434e5354;

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database) => void;
}

/**
 * Every schema the store has had, oldest first. A file records each one applied in
 * `schema_version`; opening runs the missing ones in one transaction. Never edit a
 * released migration: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events table; stream order enforced by UNIQUE (stream_name, stream_position)',
    up: (db) => {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.exec(`
        CREATE TABLE schema_version (
          version     INTEGER PRIMARY KEY,
          description TEXT NOT NULL,
          applied_at  TEXT NOT NULL
        );
        -- The rowid is the global position: writers are serialised (BEGIN IMMEDIATE), so rowid
        -- order is commit order. No AUTOINCREMENT: events are never deleted, so a rowid is never
        -- reused, and AUTOINCREMENT would write one more page (sqlite_sequence) per commit.
        CREATE TABLE events (
          global_position INTEGER PRIMARY KEY,
          stream_name     TEXT NOT NULL,
          stream_position INTEGER NOT NULL CHECK (stream_position > 0),
          type            TEXT NOT NULL,
          data            TEXT NOT NULL,
          metadata        TEXT NOT NULL,
          hash            TEXT NOT NULL,
          UNIQUE (stream_name, stream_position)
        );`);
    },
  },
  {
    version: 2,
    description: 'streams table: version and head hash per stream, so an append reads one row',
    up: (db) => {
      db.exec(`
        CREATE TABLE streams (
          stream_name TEXT PRIMARY KEY,
          version     INTEGER NOT NULL,
          head_hash   TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO streams (stream_name, version, head_hash)
          SELECT e.stream_name, e.stream_position, e.hash
          FROM events e
          WHERE e.stream_position = (
            SELECT MAX(stream_position) FROM events WHERE stream_name = e.stream_name);`);
    },
  },
  {
    version: 3,
    description: 'no streams table: the head of a stream is its last row in the UNIQUE index',
    // Each append wrote the streams row's leaf page as well as the events and index pages:
    // a third of the WAL frames per commit. The UNIQUE (stream_name, stream_position) index
    // already finds a stream's last event in one descent, so the head needs no row of its own.
    up: (db) => db.exec('DROP TABLE streams;'),
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
