import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@consentry/core';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { sqliteEventStore, type SqliteEventStoreOptions } from '../index.js';

/** A fresh directory for one test's files; `remove` deletes it. */
export const tempDir = (): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-sqlite-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export interface OpenedStore {
  readonly store: EventStore;
  readonly db: Database.Database;
  readonly teardown: () => Promise<void>;
}

/** Opens a store on `filename` (or `:memory:`), failing the test when it cannot be opened. */
export const openStore = (
  filename: string,
  options: SqliteEventStoreOptions = {},
  cleanup = (): void => undefined,
): OpenedStore => {
  const db = new Database(filename);
  const opened = sqliteEventStore(db, options);
  if (E.isLeft(opened)) {
    db.close();
    throw new Error(`could not open ${filename}: ${opened.left.message}`);
  }
  const store = opened.right;
  return {
    store,
    db,
    teardown: async () => {
      await store.close();
      db.close();
      cleanup();
    },
  };
};

/** A store on a new file in a new temporary directory, removed on teardown. */
export const fileStore = (options: SqliteEventStoreOptions = {}): OpenedStore => {
  const { dir, remove } = tempDir();
  return openStore(join(dir, 'events.db'), options, remove);
};
