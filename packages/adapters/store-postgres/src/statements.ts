import { beginWriteSql, horizonSql } from './horizon.js';
import { INDEX_BITS, positionSql } from './mapping.js';
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
  /** The append for `count` events to a stream that does not exist yet. */
  readonly appendNewStream: (count: number) => NamedStatement;
  /** The append for `count` events to a stream at a known head (compare-and-set). */
  readonly appendToExisting: (count: number) => NamedStatement;
  /** Several appends to distinct streams in one statement (see groupWrite.ts). */
  readonly appendGroup: NamedStatement;
  readonly readStream: NamedStatement;
  /** Several streams' reads in one statement (see streamReads.ts). */
  readonly readStreams: NamedStatement;
  readonly readAll: NamedStatement;
  readonly head: NamedStatement;
}

// Reads take rows as arrays: this order is the one `rowToEvent` (mapping.ts) expects.
const EVENT_COLUMNS = 'global_position, stream_name, stream_position, type, data, metadata, hash';

/** Appends of up to this many events send each value as a parameter of its own. */
export const MAX_LISTED_EVENTS = 8;

// The five values of each event follow the stream name: position, type, data, metadata, hash.
// Up to MAX_LISTED_EVENTS events they are listed one parameter each ($2-$6, $7-$11, ...): no
// array literal to escape here or to parse on the server, which is most of an append's cost
// besides the commit. Larger appends send five parallel arrays ($2-$6) instead. Not one JSON
// document: PostgreSQL's JSON functions refuse a \u0000 escape when they take a document
// apart, while a json value stores it as given.
const eventRows = (count: number): string => {
  if (count > MAX_LISTED_EVENTS) {
    return 'unnest($2::bigint[], $3::text[], $4::json[], $5::json[], $6::text[])';
  }
  const rows = Array.from({ length: count }, (_, i) => {
    const p = 2 + i * 5;
    return `($${p}::bigint, $${p + 1}::text, $${p + 2}::json, $${p + 3}::json, $${p + 4}::text)`;
  });
  return `(VALUES ${rows.join(', ')})`;
};

/** How many parameters come before the head values: the stream name and the events'. */
export const eventParameters = (count: number): number =>
  1 + 5 * (count > MAX_LISTED_EVENTS ? 1 : count);

const insertEvents = (events: string, count: number, indexSql: string): string => `
  INSERT INTO ${events} (${EVENT_COLUMNS})
  SELECT ${positionSql(indexSql)}, head.stream_name, e.p, e.type, e.data, e.metadata, e.h
    FROM head, ${eventRows(count)} AS e(p, type, data, metadata, h)
  RETURNING global_position`;

// One statement per event count (arrays for anything larger), prepared by pg on first use.
const perCount = (make: (count: number) => NamedStatement): ((count: number) => NamedStatement) => {
  const made = new Map<number, NamedStatement>();
  return (count) => {
    const key = Math.min(count, MAX_LISTED_EVENTS + 1);
    let statement = made.get(key);
    if (statement === undefined) {
      statement = make(key);
      made.set(key, statement);
    }
    return statement;
  };
};

export const statements = (schema: string): Statements => {
  const streams = qualified(schema, 'streams');
  const events = qualified(schema, 'events');
  // Every statement that writes events announces the writer first (see horizon.ts).
  const beginWrite = beginWriteSql(schema);
  const horizon = horizonSql(schema, INDEX_BITS);
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
      `SELECT version, last_hash FROM ${streams} WHERE stream_name = $1 AND ${beginWrite} FOR UPDATE`,
    ),
    // $1 stream, then the events (see eventRows), then $v version after, $v+1 last hash after.
    // A concurrent creator of the same stream makes this fail with 23505 on the primary key
    // (read as a lost race).
    appendNewStream: perCount((count) => {
      const v = eventParameters(count) + 1;
      return named(
        `append_new_${count > MAX_LISTED_EVENTS ? 'many' : count}`,
        `WITH head AS (
           INSERT INTO ${streams} (stream_name, version, last_hash)
           SELECT $1, $${v}, $${v + 1} WHERE ${beginWrite} RETURNING stream_name
         ), appended AS (${insertEvents(events, count, 'e.p - 1')})
         SELECT min(global_position)::text AS first_position FROM appended`,
      );
    }),
    // ... and $v+2 version before, $v+3 last hash before: the compare-and-set. Under READ
    // COMMITTED a writer that waited for the row lock re-checks the WHERE on the new row,
    // so only one of two racing appends matches; the other writes nothing.
    appendToExisting: perCount((count) => {
      const v = eventParameters(count) + 1;
      return named(
        `append_existing_${count > MAX_LISTED_EVENTS ? 'many' : count}`,
        `WITH head AS (
           UPDATE ${streams} SET version = $${v}, last_hash = $${v + 1}
            WHERE stream_name = $1 AND version = $${v + 2} AND last_hash = $${v + 3} AND ${beginWrite}
           RETURNING stream_name
         ), appended AS (${insertEvents(events, count, `e.p - $${v + 2}::bigint - 1`)})
         SELECT min(global_position)::text AS first_position FROM appended`,
      );
    }),
    // Appends to several distinct streams, each a compare-and-set as above: $1-$5 one entry
    // per append (stream, version and last hash before, 0 and '' for a new stream, then
    // after), $6-$11 one per event (stream, position, type, data, metadata, hash). An append
    // whose head moved writes nothing and is missing from the result; a new stream that
    // another writer created fails the whole statement (23505). Positions number the events
    // across the group, so each append's events stay consecutive.
    appendGroup: named(
      'append_group',
      `WITH a AS (
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[])
           AS a(name, old_v, old_h, new_v, new_h)
          WHERE ${beginWrite}
       ), created AS (
         INSERT INTO ${streams} (stream_name, version, last_hash)
         SELECT name, new_v, new_h FROM a WHERE old_v = 0
         RETURNING stream_name
       ), updated AS (
         UPDATE ${streams} s SET version = a.new_v, last_hash = a.new_h
           FROM a
          WHERE a.old_v > 0 AND s.stream_name = a.name AND s.version = a.old_v AND s.last_hash = a.old_h
         RETURNING s.stream_name
       ), head AS (
         SELECT stream_name FROM created UNION ALL SELECT stream_name FROM updated
       ), appended AS (
         INSERT INTO ${events} (${EVENT_COLUMNS})
         SELECT ${positionSql('e.k - 1')}, e.name, e.p, e.type, e.data, e.metadata, e.h
           FROM unnest($6::text[], $7::bigint[], $8::text[], $9::json[], $10::json[], $11::text[])
                  WITH ORDINALITY AS e(name, p, type, data, metadata, h, k)
           JOIN head ON head.stream_name = e.name
         RETURNING stream_name, global_position
       )
       SELECT stream_name, min(global_position)::text AS first_position
         FROM appended GROUP BY stream_name`,
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
    // The same for several streams at once: $1 names, $2 first versions, $3 limits. Each row
    // starts with the read's index in those arrays (1-based); a stream that does not exist
    // has no row. One statement, one snapshot: the reads agree with each other too.
    readStreams: named(
      'read_streams',
      `SELECT r.i, s.version, e.*
         FROM unnest($1::text[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS r(name, from_v, lim, i)
         JOIN ${streams} s ON s.stream_name = r.name
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM ${events}
            WHERE stream_name = r.name AND stream_position >= r.from_v
            ORDER BY stream_position LIMIT r.lim
         ) e ON true
        ORDER BY r.i, e.stream_position`,
    ),
    // Returns events from $1 on, plus the horizon: rows at or past it belong to transactions
    // that an older, still running transaction could yet precede, so they are held back.
    readAll: named(
      'read_all',
      `WITH h AS (SELECT ${horizon} AS horizon)
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
      `SELECT GREATEST(${horizon}, (SELECT max(global_position) + 1 FROM ${events}))::text AS head`,
    ),
  };
};
