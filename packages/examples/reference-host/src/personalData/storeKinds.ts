import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  canonicalJson,
  inMemoryEventStore,
  inMemoryKeyTable,
  type EventStore,
  type KeyTable,
} from '@consentry/core';
import { openSqliteEventStore, sqliteKeyTable } from '@consentry/store-sqlite';
import { postgresEventStore, postgresKeyTable } from '@consentry/store-postgres';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';

/** A fresh store with its key table, and every byte it keeps (to scan for personal data). */
export interface ScannedStore {
  readonly store: EventStore;
  readonly keys: KeyTable;
  /** What an attacker with a copy of the store gets: the raw bytes (file and WAL, table rows, stored objects). */
  readonly bytes: () => Promise<Buffer>;
  readonly dispose: () => Promise<void>;
}

export interface StoreKind {
  readonly name: string;
  readonly open: () => Promise<ScannedStore>;
  readonly close: () => Promise<void>;
}

export const memoryKind = (): StoreKind => ({
  name: 'in-memory',
  open: () => {
    const store = inMemoryEventStore();
    const keys = inMemoryKeyTable();
    return Promise.resolve({
      store,
      keys,
      bytes: async () => {
        const read = await store.readAll({ batchSize: 1_000_000 })();
        if (E.isLeft(read)) throw new Error(read.left.message);
        return Buffer.from(`${canonicalJson(read.right.events)}\n${keys.dump()}`);
      },
      dispose: () => store.close(),
    });
  },
  close: () => Promise.resolve(),
});

export const sqliteKind = (): StoreKind => {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-pd-'));
  let n = 0;
  return {
    name: 'SQLite',
    open: () => {
      const file = join(dir, `store-${++n}.db`);
      const opened = openSqliteEventStore(file);
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      const keys = sqliteKeyTable(file);
      return Promise.resolve({
        store: opened.right,
        keys,
        bytes: () =>
          Promise.resolve(
            Buffer.concat(
              [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
            ),
          ),
        dispose: async () => {
          keys.close();
          await opened.right.close();
        },
      });
    },
    close: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
};

export const postgresKind = (url: string): StoreKind => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.setMaxListeners(200); // a store per story, each listening for the pool's errors
  const schemas: string[] = [];
  return {
    name: 'PostgreSQL',
    open: () => {
      const schema = `consentry_pd_${randomBytes(5).toString('hex')}`;
      schemas.push(schema);
      const store = postgresEventStore(pool, { schema });
      const keys = postgresKeyTable(pool, { schema });
      const dump = async (table: string): Promise<string> =>
        JSON.stringify((await pool.query(`SELECT * FROM "${schema}".${table}`)).rows);
      return Promise.resolve({
        store,
        keys,
        bytes: async () => {
          await keys.erasures(); // creates the key table if this store never used it
          return Buffer.from(
            [await dump('events'), await dump('streams'), await dump('data_keys')].join('\n'),
          );
        },
        dispose: () => store.close(),
      });
    },
    close: async () => {
      for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
};
