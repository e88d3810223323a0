import {
  aggregateFromRead,
  pollingSubscription,
  type EventStore,
  type Subscription,
} from '@consentry/core';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { encodeAll } from './append.js';
import type { OpenStoreError } from './errors.js';
import { lazily, toStoreError } from './mapping.js';
import { groupCommitter } from './groupCommit.js';
import { prepareDatabase } from './migrate.js';
import { resolveOptions, type SqliteEventStoreOptions } from './options.js';
import { allReader, headPositionReader, streamReader } from './read.js';
import { prepareStatements } from './statements.js';

export type SqliteDatabase = Database.Database;

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
  const writer = groupCommitter(db, statements, queueMicrotask, () =>
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
    appendToStream: (streamName, events, appendOptions) =>
      pipe(
        lazily(`appending to ${streamName}`, () => encodeAll(streamName, events)),
        TE.flatMap(
          (encoded) => () =>
            writer.append({
              streamName,
              encoded,
              expected: appendOptions?.expectedVersion ?? 'any',
            }),
        ),
      ),
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
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      subscriptions.clear();
      if (db.open) writer.flush(); // appends already started still commit
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
