import { join } from 'node:path';
import { isStoreFailure, isVersionConflict, type AppendResult } from '@consentry/core';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { anEvent } from './__fixtures__/events.js';
import { fileStore, tempDir } from './__fixtures__/stores.js';
import { openSqliteEventStore } from './index.js';

// Appends started in the same tick share one transaction; these tests start them together
// with Promise.all and look at what each caller got and what the file holds.

const events = (n: number) => Array.from({ length: n }, (_, i) => anEvent('Noted', { i }));

/** WAL frames written since the last checkpoint: a commit writes every page it changed. */
const walFrames = (db: ReturnType<typeof fileStore>['db']): number =>
  (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? -1;

describe.each(['FULL', 'NORMAL'] as const)('group commit, synchronous %s', (synchronous) => {
  it('writes concurrent appends in one commit, far fewer WAL frames than one commit each', async () => {
    const { store, db, teardown } = fileStore({ synchronous });
    db.pragma('wal_autocheckpoint = 0');
    const appendEight = (prefix: string) =>
      Array.from({ length: 8 }, (_, i) => store.appendToStream(`${prefix}-${i}`, events(1)));
    for (const append of appendEight('one-by-one')) expect(E.isRight(await append())).toBe(true);
    const alone = walFrames(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const together = await Promise.all(appendEight('together').map((append) => append()));
    expect(together.every(E.isRight)).toBe(true);
    // One by one, each commit writes at least the table's and the index's leaf pages.
    expect(alone).toBeGreaterThanOrEqual(16);
    expect(walFrames(db)).toBeLessThan(alone / 2);
    await teardown();
  });

  it('gives a conflict only to the append that lost, and writes the others', async () => {
    const { store, teardown } = fileStore({ synchronous });
    await store.appendToStream('shared', events(1))();
    const [first, second, other] = await Promise.all([
      store.appendToStream('shared', events(2), { expectedVersion: 1n })(),
      store.appendToStream('shared', events(1), { expectedVersion: 1n })(),
      store.appendToStream('other', events(1), { expectedVersion: 'no-stream' })(),
    ]);
    expect(E.isRight(first) && first.right.nextExpectedVersion).toBe(3n);
    expect(E.isLeft(second) && isVersionConflict(second.left) && second.left.actual).toBe(3n);
    expect(E.isRight(other)).toBe(true);
    const shared = await store.readStream('shared')();
    expect(E.isRight(shared) && shared.right.events.length).toBe(3);
    await teardown();
  });

  it('undoes only the append whose insert failed halfway, and commits the rest', async () => {
    const { store, db, teardown } = fileStore({ synchronous });
    db.exec(`CREATE TRIGGER poison BEFORE INSERT ON events
      WHEN NEW.stream_name = 'poisoned' AND NEW.stream_position = 2
      BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;`);
    const [before, poisoned, after] = await Promise.all([
      store.appendToStream('before', events(2))(),
      store.appendToStream('poisoned', events(3))(),
      store.appendToStream('after', events(1))(),
    ]);
    expect(E.isLeft(poisoned) && isStoreFailure(poisoned.left)).toBe(true);
    expect(E.isRight(before) && E.isRight(after)).toBe(true);
    const read = await store.readAll()();
    const written = E.isRight(read) ? read.right.events.map((e) => e.streamName) : [];
    expect(written).toEqual(['before', 'before', 'after']);
    // Global positions stay in commit order across the group.
    const last = (r: E.Either<unknown, AppendResult>) =>
      E.isRight(r) ? r.right.lastGlobalPosition : 0n;
    expect(last(before) < last(after)).toBe(true);
    await teardown();
  });

  it('acknowledges none of the group when the transaction is lost, and stores none of it', async () => {
    const { store, db, teardown } = fileStore({ synchronous });
    db.exec(`CREATE TRIGGER doom BEFORE INSERT ON events WHEN NEW.stream_name = 'doomed'
      BEGIN SELECT RAISE(ROLLBACK, 'the whole transaction rolled back by a test trigger'); END;`);
    const outcomes = await Promise.all(
      ['first', 'doomed', 'last'].map((name) => store.appendToStream(name, events(1))()),
    );
    expect(outcomes.map((o) => E.isLeft(o) && isStoreFailure(o.left))).toEqual([true, true, true]);
    const read = await store.readAll()();
    expect(E.isRight(read) && read.right.events).toEqual([]);
    // The connection is usable again afterwards.
    expect(E.isRight(await store.appendToStream('first', events(1))())).toBe(true);
    await teardown();
  });

  it('still writes appends that were started just before close', async () => {
    const { dir, remove } = tempDir();
    const file = join(dir, 'events.db');
    const opened = openSqliteEventStore(file, { synchronous });
    if (E.isLeft(opened)) throw new Error(opened.left.message);
    const pending = opened.right.appendToStream('late', events(1))();
    await opened.right.close();
    expect(E.isRight(await pending)).toBe(true);
    const db = new Database(file);
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(1);
    db.close();
    remove();
  });
});

describe('group commit with synchronous FULL', () => {
  it('also groups appends started in separate callbacks of one event-loop turn, as HTTP requests are', async () => {
    const { store, db, teardown } = fileStore({ synchronous: 'FULL' });
    db.pragma('wal_autocheckpoint = 0');
    const inOwnCallback = (name: string) =>
      new Promise((resolve) =>
        setImmediate(() => resolve(store.appendToStream(name, events(1))())),
      );
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => inOwnCallback(`request-${i}`)),
    );
    expect(outcomes.every((o) => E.isRight(o as E.Either<unknown, unknown>))).toBe(true);
    // Eight commits would write at least 16 frames (see above); one writes a handful.
    expect(walFrames(db)).toBeLessThan(8);
    await teardown();
  });
});
