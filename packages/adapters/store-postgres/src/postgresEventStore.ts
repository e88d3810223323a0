import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  aggregateFromRead,
  pollingSubscription,
  storeFailure,
  type EventStore,
  type StoreError,
  type Subscription,
} from '@consentry/core';
import { appendToStream } from './append.js';
import { appendSignal } from './appendSignal.js';
import { headPosition, readAll } from './read.js';
import { withReadAhead } from './readAhead.js';
import { isValidSchemaName, migrate } from './schema.js';
import { statements } from './statements.js';
import { batchedReadStream } from './streamReads.js';
import { groupedWriteEvents } from './groupWrite.js';
import { streamHeadCache } from './streamHeads.js';

export interface PostgresEventStoreOptions {
  /** Schema holding the store's tables; created if missing. Default `consentry`. */
  readonly schema?: string;
  /** How often subscriptions look for appends when no notification arrives. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** How long `readAll` waits for an older transaction still running (see docs). Default 1000 ms. */
  readonly horizonWaitMs?: number;
  /** Stream heads remembered for one-round-trip appends. Default 10,000. */
  readonly streamHeadCacheSize?: number;
  /** Appends within this many ms share one NOTIFY to other processes. Default 20 ms. */
  readonly notifyDelayMs?: number;
  /** Opens the connection that LISTENs. Default: a new client of the pool's class and settings. */
  readonly listenClient?: () => pg.Client;
  /**
   * How long an append whose connection broke mid-statement (a failover, a restart) keeps
   * reading to learn whether it committed, before it answers `StoreUnavailable` saying the
   * outcome is unknown. Default 15,000 ms; 0 answers at once.
   */
  readonly unknownOutcomeWaitMs?: number;
  /**
   * A store over a read replica (a hot standby): nothing is migrated, appends are refused,
   * reads are served. Use it through `readYourWrites` (replicaReads.ts). Default false.
   */
  readonly readOnly?: boolean;
}

/** The client class the pool makes connections with (postgresPool's finds the primary). */
export const poolClient = (pool: pg.Pool): typeof pg.Client =>
  (pool as unknown as { Client?: typeof pg.Client }).Client ?? pg.Client;

/**
 * An `EventStore` on PostgreSQL, over a pool you own (`close()` leaves it open). The schema
 * is migrated before the first operation; several processes may share one database.
 */
export const postgresEventStore = (
  pool: pg.Pool,
  options: PostgresEventStoreOptions = {},
): EventStore => {
  const schema = options.schema ?? 'consentry';
  if (!isValidSchemaName(schema)) {
    throw new Error(`Invalid schema name "${schema}": use lower-case letters, digits and _`);
  }
  const sql = statements(schema);
  const signal = appendSignal(
    pool,
    `consentry_${schema}`,
    options.listenClient ?? ((): pg.Client => new (poolClient(pool))(pool.options)),
    options.notifyDelayMs ?? 20,
  );
  // An idle pooled connection that the server closes (a restart) is reported as a pool
  // 'error'; with no listener Node would crash the process. The pool discards the client,
  // and the next query opens a new one.
  const ignoreIdleError = (): void => undefined;
  pool.on('error', ignoreIdleError);

  // Migrate once, before the first operation; a failure is reported and retried next call.
  let ready: Promise<E.Either<StoreError, void>> | undefined;
  const whenReady = <A>(operation: TE.TaskEither<StoreError, A>): TE.TaskEither<StoreError, A> =>
    pipe(
      async () => {
        if (options.readOnly === true) return E.right(undefined);
        ready ??= migrate(pool, schema)().then((result) => {
          if (E.isLeft(result)) ready = undefined;
          return result;
        });
        return ready;
      },
      TE.flatMap(() => operation),
    );

  const readContext = { pool, sql, horizonWaitMs: options.horizonWaitMs ?? 1000 };
  const append = appendToStream({
    pool,
    sql,
    heads: streamHeadCache(options.streamHeadCacheSize ?? 10_000),
    write: groupedWriteEvents(pool, sql),
    onAppended: signal.appended,
    unknownOutcomeWaitMs: options.unknownOutcomeWaitMs ?? 15_000,
  });
  const read = batchedReadStream(readContext);
  const all = withReadAhead(readAll(readContext));

  const subscriptions = new Set<Subscription>();
  const store: EventStore = {
    appendToStream: (streamName, events, appendOptions) =>
      options.readOnly === true
        ? TE.left(
            storeFailure(
              `Append to ${streamName}: this store reads a replica; append to the primary`,
            ),
          )
        : whenReady(append(streamName, events, appendOptions)),
    readStream: (streamName, readOptions) => whenReady(read(streamName, readOptions)),
    aggregateStream: (streamName, aggregateOptions) =>
      aggregateFromRead((name, readOptions) => store.readStream(name, readOptions))(
        streamName,
        aggregateOptions,
      ),
    readAll: (readOptions) => whenReady(all(readOptions)),
    subscribe: (subscribeOptions) => {
      const inner = pollingSubscription(
        {
          readAll: (readOptions) => store.readAll(readOptions),
          headPosition: () => whenReady(headPosition(readContext)),
          onAppend: signal.onAppend,
          pollIntervalMs: options.pollIntervalMs ?? 1000,
        },
        subscribeOptions,
      );
      const subscription: Subscription = {
        stop: async () => {
          subscriptions.delete(subscription);
          await inner.stop();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },
    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await signal.close();
      pool.off('error', ignoreIdleError);
    },
  };
  return store;
};
