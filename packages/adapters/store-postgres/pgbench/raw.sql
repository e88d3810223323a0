INSERT INTO consentry_pgbench.raw (v) VALUES ('x');
