import { EventStoreDBClient } from '@eventstore/db-client';
import * as E from 'fp-ts/lib/Either.js';
import { storeFailure, type EventStore, type StoreFailure } from '@consentry/core';
import {
  eventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventStoreDbEventStore.js';

/**
 * A client from a connection string (`esdb://host:2113?tls=false`, or
 * `esdb+discover://…` for a cluster). Nothing connects yet: the first call opens the
 * gRPC channel, and after an unavailable or not-leader error the next call reconnects
 * (rediscovering the leader in a cluster). A malformed string is a Left naming the problem.
 */
export const eventStoreDbClient = (
  connectionString: string,
): E.Either<StoreFailure, EventStoreDBClient> =>
  E.tryCatch(
    () => EventStoreDBClient.connectionString(connectionString),
    (error) =>
      storeFailure(
        `Invalid EventStoreDB connection string: ${error instanceof Error ? error.message : String(error)}`,
        error,
      ),
  );

/** A store that owns its client: `close()` also disposes the client's channel. */
export const eventStoreDbEventStoreFromConnectionString = (
  connectionString: string,
  options: EventStoreDbEventStoreOptions = {},
): E.Either<StoreFailure, EventStore> =>
  E.map((client: EventStoreDBClient): EventStore => {
    const store = eventStoreDbEventStore(client, options);
    return {
      ...store,
      close: async () => {
        await store.close();
        await client.dispose();
      },
    };
  })(eventStoreDbClient(connectionString));
