import { expectRight } from '@consentry/core/testing';
import { join } from 'node:path';
import {
  isInvalidAppend,
  isStoreFailure,
  isStoreUnavailable,
  isVersionConflict,
  type RecordedEvent,
} from '@consentry/core';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { anEvent } from './__fixtures__/events.js';
import { fileStore, openStore, tempDir } from './__fixtures__/stores.js';
import { sqliteEventStore } from './index.js';

describe('sqliteEventStore on a file', () => {
  it('uses WAL, FULL durability by default, NORMAL when asked, and the busy timeout', async () => {
    const full = fileStore({ busyTimeoutMs: 1234 });
    const normal = fileStore({ synchronous: 'NORMAL' });
    expect(full.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(full.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(full.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(normal.db.pragma('synchronous', { simple: true })).toBe(1);
    await Promise.all([full.teardown(), normal.teardown()]);
  });

  it('checkpoints the WAL every 10,000 pages by default, or as asked, and refuses a bad count', async () => {
    const byDefault = fileStore();
    const often = fileStore({ walAutocheckpointPages: 100 });
    expect(byDefault.db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    expect(often.db.pragma('wal_autocheckpoint', { simple: true })).toBe(100);
    await Promise.all([byDefault.teardown(), often.teardown()]);
    const memory = new Database(':memory:');
    const refused = sqliteEventStore(memory, { walAutocheckpointPages: 1.5 });
    expect(E.isLeft(refused) && refused.left.message).toMatch(/walAutocheckpointPages/);
    memory.close();
  });

  it('reports a database locked by another connection as StoreUnavailable, and succeeds once it is free', async () => {
    const { dir, remove } = tempDir();
    const file = join(dir, 'events.db');
    const opened = openStore(file, { busyTimeoutMs: 20 });
    await expectRight(opened.store.appendToStream('patient-1', [anEvent('Registered', {})]));
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const busy = await opened.store.appendToStream('patient-1', [anEvent('Consented', {})], {
      expectedVersion: 1n,
    })();
    expect(E.isLeft(busy) && isStoreUnavailable(busy.left)).toBe(true);
    expect(E.isLeft(busy) && busy.left.message).not.toMatch(/cannot rollback/);
    other.exec('ROLLBACK');
    other.close();
    const retried = await expectRight(
      opened.store.appendToStream('patient-1', [anEvent('Consented', {})], { expectedVersion: 1n }),
    );
    expect(retried.nextExpectedVersion).toBe(2n);
    await opened.teardown();
    remove();
  });

  it('maps a taken (stream, position) key to a conflict carrying the real version', async () => {
    const { store, db, teardown } = fileStore();
    await expectRight(store.appendToStream('patient-2', [anEvent('Registered', {})]));
    // A row written behind the store's back, as another writer would leave it mid-race.
    db.prepare(
      'INSERT INTO events (stream_name, stream_position, type, data, metadata, hash) SELECT stream_name, 2, type, data, metadata, hash FROM events',
    ).run();
    const result = await store.appendToStream('patient-2', [anEvent('Consented', {})], {
      expectedVersion: 1n,
    })();
    expect(E.isLeft(result) && isVersionConflict(result.left) && result.left.actual).toBe(2n);
    await teardown();
  });

  it('does nothing until the task runs', async () => {
    const { store, teardown } = fileStore();
    const task = store.appendToStream('patient-3', [anEvent('Registered', {})]);
    expect((await expectRight(store.readStream('patient-3'))).streamExists).toBe(false);
    await expectRight(task);
    expect((await expectRight(store.readStream('patient-3'))).currentVersion).toBe(1n);
    await teardown();
  });

  it('rejects metadata that its codec refuses, naming the field, and writes nothing', async () => {
    const { store, teardown } = fileStore();
    const event = anEvent('Registered', {});
    const bad = { ...event, metadata: { ...event.metadata, actor: { kind: 'alien', id: 'x' } } };
    const result = await store.appendToStream('patient-4', [bad as typeof event])();
    expect(E.isLeft(result) && isInvalidAppend(result.left) && result.left.message).toMatch(
      /"alien".*actor/,
    );
    expect((await expectRight(store.readStream('patient-4'))).streamExists).toBe(false);
    await teardown();
  });

  it('reports a stored event that no longer decodes as StoreFailure naming the bad field', async () => {
    const { store, db, teardown } = fileStore();
    await expectRight(store.appendToStream('patient-5', [anEvent('Registered', {})]));
    db.prepare(`UPDATE events SET metadata = json_set(metadata, '$.schemaVersion', 'one')`).run();
    const result = await store.readAll()();
    expect(E.isLeft(result) && isStoreFailure(result.left) && result.left.message).toMatch(
      /"one".*schemaVersion/,
    );
    await teardown();
  });

  it('wakes a subscription on an append made through another connection to the file', async () => {
    const { dir, remove } = tempDir();
    const file = join(dir, 'events.db');
    const reader = openStore(file, { pollIntervalMs: 10 });
    const writer = openStore(file);
    const seen: RecordedEvent[] = [];
    const subscription = reader.store.subscribe({ handler: (event) => void seen.push(event) });
    await expectRight(writer.store.appendToStream('patient-6', [anEvent('Registered', { n: 1 })]));
    for (let i = 0; i < 500 && seen.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen.map((event) => event.data)).toEqual([{ n: 1 }]);
    await subscription.stop();
    await Promise.all([reader.teardown(), writer.teardown()]);
    remove();
  });
});
