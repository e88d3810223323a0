import { horizonSql, positionSql } from './mapping.js';
import { qualified } from './schema.js';

export interface NamedStatement {
  /** Prepared once per connection by pg (the name includes the schema, as the text does). */
  readonly name: string;
  readonly text: string;
}

/** Every statement the store runs, for one schema. */
export interface Statements {
  readonly schema: string;
  readonly readHead: NamedStatement;
  readonly lockHead: NamedStatement;
  readonly appendNewStream: NamedStatement;
  readonly appendToExisting: NamedStatement;
  readonly readStream: NamedStatement;
  readonly readAll: NamedStatement;
  readonly head: NamedStatement;
}

const EVENT_COLUMNS = 'global_position, stream_name, stream_position, type, data, metadata, hash';

// The events of one append arrive as parallel arrays ($2 positions, $3 types, $4 data,
// $5 metadata, $6 hashes). Not one JSON document: PostgreSQL's JSON functions refuse a
// \u0000 escape when they take a document apart, while a json value stores it as given.
const insertEvents = (events: string, indexSql: string): string => `
  INSERT INTO ${events} (${EVENT_COLUMNS})
  SELECT ${positionSql(indexSql)}, head.stream_name, e.p, e.type, e.data, e.metadata, e.h
    FROM head, unnest($2::bigint[], $3::text[], $4::json[], $5::json[], $6::text[]) AS e(p, type, data, metadata, h)
  RETURNING global_position`;

export const statements = (schema: string): Statements => {
  const streams = qualified(schema, 'streams');
  const events = qualified(schema, 'events');
  const named = (name: string, text: string): NamedStatement => ({
    name: `consentry_${schema}_${name}`,
    text,
  });
  return {
    schema,
    readHead: named(
      'read_head',
      `SELECT version, last_hash FROM ${streams} WHERE stream_name = $1`,
    ),
    lockHead: named(
      'lock_head',
      `SELECT version, last_hash FROM ${streams} WHERE stream_name = $1 FOR UPDATE`,
    ),
    // $1 stream, $2-$6 events, $7 version after, $8 last hash after. A concurrent creator of the
    // same stream makes this fail with 23505 on the primary key (read as a lost race).
    appendNewStream: named(
      'append_new',
      `WITH head AS (
         INSERT INTO ${streams} (stream_name, version, last_hash) VALUES ($1, $7, $8) RETURNING stream_name
       ), appended AS (${insertEvents(events, 'e.p - 1')})
       SELECT min(global_position)::text AS first_position FROM appended`,
    ),
    // ... and $9 version before, $10 last hash before: the compare-and-set. Under READ
    // COMMITTED a writer that waited for the row lock re-checks the WHERE on the new row,
    // so only one of two racing appends matches; the other writes nothing.
    appendToExisting: named(
      'append_existing',
      `WITH head AS (
         UPDATE ${streams} SET version = $7, last_hash = $8
          WHERE stream_name = $1 AND version = $9 AND last_hash = $10
         RETURNING stream_name
       ), appended AS (${insertEvents(events, 'e.p - $9::bigint - 1')})
       SELECT min(global_position)::text AS first_position FROM appended`,
    ),
    // One statement, one snapshot: the version and the events agree.
    readStream: named(
      'read_stream',
      `SELECT s.version, e.*
         FROM ${streams} s
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM ${events}
            WHERE stream_name = s.stream_name AND stream_position >= $2
            ORDER BY stream_position LIMIT $3
         ) e ON true
        WHERE s.stream_name = $1`,
    ),
    // Returns events from $1 on, plus the horizon: rows at or past it belong to transactions
    // that an older, still running transaction could yet precede, so they are held back.
    readAll: named(
      'read_all',
      `WITH h AS (SELECT ${horizonSql} AS horizon)
       SELECT h.horizon::text AS horizon, e.*
         FROM h
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM ${events}
            WHERE global_position >= $1
            ORDER BY global_position LIMIT $2
         ) e ON true`,
    ),
    head: named(
      'head',
      `SELECT GREATEST(${horizonSql}, (SELECT max(global_position) + 1 FROM ${events}))::text AS head`,
    ),
  };
};
