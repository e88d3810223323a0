-- The append's event insert alone, each into a stream of its own, with no stream row: what the
-- event's row and its two index entries cost without the compare-and-set.
INSERT INTO consentry_pgbench.events (global_position, stream_name, stream_position, type, data, metadata, hash)
VALUES ((pg_current_xact_id()::text::bigint << 16), 'solo-' || nextval('consentry_pgbench.solo'), 1, 'AccessRequested',
        '{"requestId":"0190c1c2-0000-7000-8000-000000000000","patientId":"0190c1c2-0000-7000-8000-000000000001","organisationId":"ODS-RX1","purpose":"TREAT","n":1}'::json,
        '{"eventId":"0190c1c2-0000-7000-8000-000000000002","recordedAt":"2026-11-26T07:00:00.000Z","actor":{"kind":"organisation-staff","id":"staff-1","organisationId":"ODS-RX1"},"correlationId":"0190c1c2-0000-7000-8000-000000000003","schemaVersion":1}'::json,
        md5(random()::text));
