import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inMemoryEventStore, type EventStore } from '@consentry/core';
import { sqliteEventStore } from '@consentry/store-sqlite';
import { postgresEventStore } from '@consentry/store-postgres';

export interface OpenStore {
  readonly name: string;
  readonly store: EventStore;
  readonly close: () => Promise<void>;
}

export const scratchDir = (): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export const openInMemory = (): OpenStore => {
  const store = inMemoryEventStore();
  return { name: 'in-memory', store, close: () => store.close() };
};

/** A fresh SQLite file (synchronous FULL unless told otherwise). */
export const openSqlite = (synchronous: 'FULL' | 'NORMAL' = 'FULL'): OpenStore => {
  const scratch = scratchDir();
  const db = new Database(join(scratch.dir, 'bench.db'));
  const opened = sqliteEventStore(db, { synchronous });
  if (opened._tag === 'Left') throw new Error(opened.left.message);
  return {
    name: `SQLite ${synchronous}`,
    store: opened.right,
    close: async () => {
      await opened.right.close();
      db.close();
      scratch.remove();
    },
  };
};

/** A fresh schema in the database of DATABASE_URL, dropped on close; undefined when no database is configured. */
export const openPostgres = (): OpenStore | undefined => {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') return undefined;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const schema = `bench_${Date.now()}_${process.pid}`;
  const store = postgresEventStore(pool, { schema });
  return {
    name: 'PostgreSQL',
    store,
    close: async () => {
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
};
