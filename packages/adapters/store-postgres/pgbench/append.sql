-- appendToExisting(1) from src/statements.ts with literal values: the stream's head is read
-- in the UPDATE itself, where the store sends the version and hash it already knows.
\set s random(0, 99)
WITH head AS (
  UPDATE consentry_pgbench.streams SET version = version + 1, last_hash = md5(random()::text)
   WHERE stream_name = 'patient-' || :s
  RETURNING stream_name, version
), appended AS (
  INSERT INTO consentry_pgbench.events (global_position, stream_name, stream_position, type, data, metadata, hash)
  SELECT (pg_current_xact_id()::text::bigint << 16), head.stream_name, head.version, 'AccessRequested',
         '{"requestId":"0190c1c2-0000-7000-8000-000000000000","patientId":"0190c1c2-0000-7000-8000-000000000001","organisationId":"ODS-RX1","purpose":"TREAT","n":1}'::json,
         '{"eventId":"0190c1c2-0000-7000-8000-000000000002","recordedAt":"2026-11-26T07:00:00.000Z","actor":{"kind":"organisation-staff","id":"staff-1","organisationId":"ODS-RX1"},"correlationId":"0190c1c2-0000-7000-8000-000000000003","schemaVersion":1}'::json,
         md5(random()::text)
    FROM head
  RETURNING global_position
)
SELECT min(global_position)::text FROM appended;
