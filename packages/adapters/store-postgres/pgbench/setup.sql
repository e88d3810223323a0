-- After the store's own migration has created its tables in consentry_pgbench (run.sh does
-- that first): 100 streams to append to, and a plain table for the raw insert.
INSERT INTO consentry_pgbench.streams SELECT 'patient-' || g, 1, md5(g::text) FROM generate_series(0, 99) g;
INSERT INTO consentry_pgbench.events
  SELECT g::bigint << 16, 'patient-' || g, 1, 'Seeded', '{}', '{}', md5(g::text) FROM generate_series(0, 99) g;
CREATE TABLE consentry_pgbench.raw (id bigserial PRIMARY KEY, v text);
CREATE SEQUENCE consentry_pgbench.solo;
