import {
  aggregateFromRead,
  pollingSubscription,
  type EventStore,
  type NewEvent,
  type Subscription,
} from '@consentry/core';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { encodeAll } from './append.js';
import type { OpenStoreError } from './errors.js';
import { lazily, toStoreError } from './mapping.js';
import { groupCommitter, type Schedule } from './groupCommit.js';
import { prepareDatabase } from './migrate.js';
import { resolveOptions, type SqliteEventStoreOptions, type Synchronous } from './options.js';
import { allReader, headPositionReader, streamReader } from './read.js';
import { prepareStatements } from './statements.js';

export type SqliteDatabase = Database.Database;

// The checks are pure, but a throw from them must still come back as a value.
const encodeNow = (streamName: string, events: readonly NewEvent[]) => {
  try {
    return encodeAll(streamName, events);
  } catch (error) {
    return E.left(toStoreError(error, `appending to ${streamName}`));
  }
};

/**
 * How long an append waits for others to share its commit. With FULL, every commit waits for
 * an fsync (hundreds of microseconds to milliseconds), so the group stays open until the end
 * of this event-loop turn: requests that arrived during the last fsync, each handled in its
 * own I/O callback, then share the next one. With NORMAL a commit costs tens of microseconds
 * and that wait (setImmediate) would cost a lone caller about 10% more CPU per append, so the
 * group holds only what was started before the current microtasks run out.
 */
const groupingWindow =
  (synchronous: Synchronous): Schedule =>
  (flush) =>
    synchronous === 'FULL' ? void setImmediate(flush) : queueMicrotask(flush);

const build = (
  db: SqliteDatabase,
  options: SqliteEventStoreOptions,
  ownsDb: boolean,
): E.Either<OpenStoreError, EventStore> => {
  const resolved = resolveOptions(options);
  const prepared = prepareDatabase(db, resolved);
  if (E.isLeft(prepared)) return prepared;

  let statements: ReturnType<typeof prepareStatements>;
  try {
    statements = prepareStatements(db);
  } catch (error) {
    return E.left(toStoreError(error, 'preparing statements'));
  }
  const listeners = new Set<() => void>();
  const subscriptions = new Set<Subscription>();
  const writer = groupCommitter(db, statements, groupingWindow(resolved.synchronous), () =>
    listeners.forEach((listener) => listener()),
  );
  const readStreamNow = streamReader(statements);
  const readAllNow = allReader(statements);
  const headNow = headPositionReader(statements);

  const readStream: EventStore['readStream'] = (streamName, readOptions) =>
    lazily(`reading ${streamName}`, () => readStreamNow(streamName, readOptions));
  const readAll: EventStore['readAll'] = (readOptions) =>
    lazily('reading all events', () => readAllNow(readOptions));

  return E.right({
    // Checked and encoded when the task runs, then queued for the next group commit at once
    // (no promise hop in between), so appends started together land in the same group.
    appendToStream: (streamName, events, appendOptions) => () => {
      const encoded = encodeNow(streamName, events);
      if (E.isLeft(encoded)) return Promise.resolve(encoded);
      const expected = appendOptions?.expectedVersion ?? 'any';
      return writer.append({ streamName, encoded: encoded.right, expected });
    },
    readStream,
    aggregateStream: aggregateFromRead(readStream),
    readAll,
    subscribe: (subscribeOptions) => {
      const subscription = pollingSubscription(
        {
          readAll,
          headPosition: () => lazily('reading the head position', headNow),
          onAppend: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
          pollIntervalMs: resolved.pollIntervalMs,
        },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      return {
        stop: async () => {
          subscriptions.delete(subscription);
          await subscription.stop();
        },
      };
    },
    close: async () => {
      if (db.open) writer.flush();
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      subscriptions.clear();
      if (db.open) writer.flush(); // appends started before close still commit
      if (ownsDb && db.open) db.close();
    },
  });
};

/**
 * An event store on a better-sqlite3 connection you opened. It checks the file first
 * (refusing, unchanged, one that is not a Consentry store or is newer than this package),
 * switches it to WAL, sets durability and busy timeout, and migrates an older schema.
 * `close()` stops subscriptions but leaves your connection open.
 */
export const sqliteEventStore = (
  db: SqliteDatabase,
  options: SqliteEventStoreOptions = {},
): E.Either<OpenStoreError, EventStore> => build(db, options, false);

/** Opens (creating if needed) the file at `filename` as an event store that owns its connection. */
export const openSqliteEventStore = (
  filename: string,
  options: SqliteEventStoreOptions = {},
): E.Either<OpenStoreError, EventStore> => {
  let db: SqliteDatabase;
  try {
    db = new Database(filename);
  } catch (error) {
    return E.left(toStoreError(error, `opening ${filename}`));
  }
  const store = build(db, options, true);
  if (E.isLeft(store)) db.close();
  return store;
};
