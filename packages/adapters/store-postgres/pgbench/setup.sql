-- The store's tables (src/schema.ts), 100 streams to append to, and a plain table for the raw insert.
DROP SCHEMA IF EXISTS consentry_pgbench CASCADE;
CREATE SCHEMA consentry_pgbench;
CREATE TABLE consentry_pgbench.streams (
  stream_name text PRIMARY KEY,
  version     bigint NOT NULL CHECK (version > 0),
  last_hash   text   NOT NULL
);
CREATE TABLE consentry_pgbench.events (
  global_position bigint PRIMARY KEY,
  stream_name     text   NOT NULL,
  stream_position bigint NOT NULL CHECK (stream_position > 0),
  type            text   NOT NULL,
  data            json   NOT NULL,
  metadata        json   NOT NULL,
  hash            text   NOT NULL,
  CONSTRAINT events_stream_position_unique UNIQUE (stream_name, stream_position)
);
INSERT INTO consentry_pgbench.streams SELECT 'patient-' || g, 1, md5(g::text) FROM generate_series(0, 99) g;
INSERT INTO consentry_pgbench.events
  SELECT g::bigint << 16, 'patient-' || g, 1, 'Seeded', '{}', '{}', md5(g::text) FROM generate_series(0, 99) g;
CREATE TABLE consentry_pgbench.raw (id bigserial PRIMARY KEY, v text);
