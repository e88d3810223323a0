import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENESIS_HASH, chainHash, type NewEvent } from '@consentry/core';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { anEvent } from './__fixtures__/events.js';
import { tempDir } from './__fixtures__/stores.js';
import {
  APPLICATION_ID,
  LATEST_SCHEMA_VERSION,
  isIncompatibleStoreFile,
  openSqliteEventStore,
  sqliteEventStore,
} from './index.js';
import { MIGRATIONS } from './schema.js';

let dir: { readonly dir: string; readonly remove: () => void };
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const versions = (db: Database.Database): number[] =>
  db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all() as number[];

/** A file as the first release left it: schema 1 only, in rollback-journal mode. */
const writeVersion1File = (file: string, stream: string, events: readonly NewEvent[]): void => {
  const db = new Database(file);
  db.transaction(() => {
    MIGRATIONS[0]?.up(db);
    db.prepare("INSERT INTO schema_version VALUES (1, 'first', '2026-01-01T00:00:00Z')").run();
    let previous = GENESIS_HASH;
    events.forEach((event, i) => {
      const hash = chainHash(previous, {
        ...event,
        streamName: stream,
        streamPosition: BigInt(i + 1),
      });
      db.prepare(
        'INSERT INTO events (stream_name, stream_position, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        stream,
        i + 1,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        hash,
      );
      previous = hash;
    });
  })();
  db.close();
};

/** Opens `file` with the store, expecting a refusal, and checks the file is byte for byte unchanged. */
const expectRefusedUnchanged = (file: string, reason: string): void => {
  const before = readFileSync(file);
  const opened = openSqliteEventStore(file);
  expect(E.isLeft(opened) && isIncompatibleStoreFile(opened.left) && opened.left.reason).toBe(
    reason,
  );
  expect(readFileSync(file).equals(before)).toBe(true);
};

describe('schema migrations', () => {
  it('creates a new file at the latest schema, marked as a Consentry store', () => {
    const db = new Database(join(dir.dir, 'new.db'));
    const store = sqliteEventStore(db);
    expect(E.isRight(store)).toBe(true);
    expect(versions(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  it('upgrades a schema-1 file, keeping its events, versions and hash chain', async () => {
    const file = join(dir.dir, 'v1.db');
    const old = [anEvent('Registered', { n: 1 }), anEvent('Consented', { n: 2 })];
    writeVersion1File(file, 'patient-old', old);
    const db = new Database(file);
    const opened = sqliteEventStore(db);
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    expect(versions(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(LATEST_SCHEMA_VERSION).toBe(3);
    const read = await opened.right.readStream('patient-old')();
    expect(E.isRight(read) && read.right.currentVersion).toBe(2n);
    const appended = await opened.right.appendToStream(
      'patient-old',
      [anEvent('Withdrawn', { n: 3 })],
      { expectedVersion: 2n },
    )();
    if (E.isLeft(appended) || E.isLeft(read)) throw new Error('append or read failed');
    const [last] = appended.right.events;
    expect(last?.streamPosition).toBe(3n);
    expect(last?.hash).toBe(chainHash(read.right.events[1]?.hash ?? '', last!));
    db.close();
  });

  it('opens an up-to-date file without migrating again', () => {
    const file = join(dir.dir, 'twice.db');
    const first = openSqliteEventStore(file);
    if (E.isRight(first)) void first.right.close();
    const db = new Database(file);
    expect(E.isRight(sqliteEventStore(db))).toBe(true);
    expect(versions(db)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('refuses a file from a newer version and leaves it unchanged', () => {
    const file = join(dir.dir, 'newer.db');
    const db = new Database(file);
    if (E.isLeft(sqliteEventStore(db))) throw new Error('could not create');
    db.prepare(
      "INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01T00:00:00Z')",
    ).run(LATEST_SCHEMA_VERSION + 1);
    db.pragma('journal_mode = DELETE'); // fold the WAL in, so the whole store is this one file
    db.close();
    expectRefusedUnchanged(file, 'newer-schema');
  });

  it('refuses an SQLite file of another application, even one with a schema_version table', () => {
    const file = join(dir.dir, 'other.db');
    const db = new Database(file);
    db.exec(
      "CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (1); CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ada');",
    );
    db.close();
    expectRefusedUnchanged(file, 'not-consentry');
  });

  it('refuses a file that is not SQLite and leaves it unchanged', () => {
    const file = join(dir.dir, 'notes.txt');
    writeFileSync(file, 'Shopping list: milk, eggs, and a fresh SQLite backup.\n'.repeat(100));
    expectRefusedUnchanged(file, 'not-sqlite');
  });
});
