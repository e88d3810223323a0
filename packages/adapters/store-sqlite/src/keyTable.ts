import type { KeyScope, KeyTable, WrappedKeyRow } from '@consentry/core';
import Database from 'better-sqlite3';

/*
 * Wrapped data keys (docs/personal-data.md) in the store's own file: a mutable table beside
 * the append-only events, never in them. Erasing a key must leave no copy of its bytes in the
 * file: `secure_delete` makes SQLite overwrite deleted cells and freed pages with zeros, and a
 * `wal_checkpoint(TRUNCATE)` after each erasure moves the zeroed pages into the main file and
 * empties the write-ahead log, which still held the row as it was inserted.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS consentry_data_keys (
  key_id TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  scope TEXT NOT NULL,
  kek_id TEXT NOT NULL,
  wrapped TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consentry_data_keys_subject ON consentry_data_keys (subject);
CREATE TABLE IF NOT EXISTS consentry_erased_keys (key_id TEXT PRIMARY KEY);
`;

interface Row {
  readonly key_id: string;
  readonly subject: string;
  readonly scope: KeyScope;
  readonly kek_id: string;
  readonly wrapped: string;
}

const toRow = (r: Row): WrappedKeyRow => ({
  keyId: r.key_id,
  subject: r.subject,
  scope: r.scope,
  kekId: r.kek_id,
  wrapped: r.wrapped,
});

export interface SqliteKeyTable extends KeyTable {
  /** Closes the connection it opened (not one it was given). */
  close(): void;
}

/**
 * The key table on a better-sqlite3 connection, or on a connection of its own to `filename`
 * (the store's file: one file to back up, and to erase from). Several hosts on one file share
 * it; the erasure counter is the number of erased keys, which every connection reads.
 */
export const sqliteKeyTable = (
  database: Database.Database | string,
  options: { readonly busyTimeoutMs?: number } = {},
): SqliteKeyTable => {
  const owns = typeof database === 'string';
  const db = owns ? new Database(database) : database;
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma('secure_delete = ON');
  db.exec(SCHEMA);
  const insert = db.prepare(
    'INSERT INTO consentry_data_keys (key_id, subject, scope, kek_id, wrapped) VALUES (?, ?, ?, ?, ?)',
  );
  const get = db.prepare('SELECT * FROM consentry_data_keys WHERE key_id = ?');
  const isErased = db.prepare('SELECT 1 FROM consentry_erased_keys WHERE key_id = ?').pluck();
  // The subject and those under it (`<subject>/…`); not LIKE, whose `_` would match any character.
  const live = db.prepare(
    "SELECT * FROM consentry_data_keys WHERE subject = @s OR substr(subject, 1, length(@s) + 1) = @s || '/'",
  );
  const all = db.prepare('SELECT * FROM consentry_data_keys');
  const remove = db.prepare('DELETE FROM consentry_data_keys WHERE key_id = ?');
  const tombstone = db.prepare('INSERT OR IGNORE INTO consentry_erased_keys (key_id) VALUES (?)');
  const erasures = db.prepare('SELECT count(*) FROM consentry_erased_keys').pluck();
  const rewrap = db.prepare(
    'UPDATE consentry_data_keys SET kek_id = ?, wrapped = ? WHERE key_id = ?',
  );
  const erase = db.transaction((keyIds: readonly string[]) => {
    for (const keyId of keyIds) if (remove.run(keyId).changes > 0) tombstone.run(keyId);
  });

  // Each call is synchronous; a promise keeps the port's shape (and turns a throw into a rejection).
  const task = <A>(f: () => A): Promise<A> => {
    try {
      return Promise.resolve(f());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return {
    insert: (row) =>
      task(() => void insert.run(row.keyId, row.subject, row.scope, row.kekId, row.wrapped)),
    get: (keyId) =>
      task(() => {
        const row = get.get(keyId) as Row | undefined;
        if (row !== undefined) return toRow(row);
        return isErased.get(keyId) === undefined ? undefined : 'erased';
      }),
    live: (subject) => task(() => (live.all({ s: subject }) as Row[]).map(toRow)),
    erase: (keyIds) =>
      task(() => {
        erase(keyIds);
        // Push the zeroed pages into the file and empty the log that held the inserted row.
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        if (result !== undefined && result.busy !== 0)
          throw new Error(
            'the keys are deleted, but a reader kept the write-ahead log from being emptied: erase again',
          );
      }),
    erasures: () => task(() => erasures.get() as number),
    rows: () => task(() => (all.all() as Row[]).map(toRow)),
    rewrap: (keyId, kekId, wrapped) => task(() => void rewrap.run(kekId, wrapped, keyId)),
    close: () => {
      if (owns && db.open) db.close();
    },
  };
};
