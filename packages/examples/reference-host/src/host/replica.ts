import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type pg from 'pg';
import type { EventStore, StoreError } from '@consentry/core';
import {
  commitToken,
  postgresEventStore,
  postgresPool,
  readYourWrites,
} from '@consentry/store-postgres';

/** The header a command's answer carries its commit token in, and a read sends it back in. */
export const COMMIT_TOKEN_HEADER = 'consentry-commit-token';

/** A PostgreSQL WAL position as `pg_current_wal_lsn()` prints it (`16/B374D848`). */
export const isCommitToken = (text: string): boolean =>
  /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i.test(text);

/** Checks and queries from a hot standby, reading the caller's own writes (docs/reference-host.md). */
export interface ReplicaReads {
  /** Read after every command: the primary's WAL position (ConsentryDeps.commitToken). */
  readonly commitToken: TE.TaskEither<StoreError, string>;
  /** Runs `work` with its stream reads on the standby once it has replayed `token`, else the primary. */
  readonly withToken: <A>(token: string | undefined, work: () => Promise<A>) => Promise<A>;
  /** Stream reads served so far by each server. */
  readonly served: () => { readonly replica: number; readonly primary: number };
}

/**
 * The primary's store with stream reads routed by commit token (store-postgres's
 * `readYourWrites`): a read given a token waits up to `waitMs` for the standby to replay it,
 * then goes to the primary. Appends, `readAll` and reads without a token stay on the primary.
 */
export const withReplica = (
  primary: { readonly store: EventStore; readonly pool: pg.Pool },
  replicaUrl: string,
  schema: string,
  waitMs = 500,
): E.Either<string, { readonly store: EventStore; readonly reads: ReplicaReads }> => {
  let pool: pg.Pool;
  try {
    pool = postgresPool(replicaUrl, { max: 10 });
  } catch (error) {
    return E.left(`CONSENTRY_STORE_REPLICA: ${(error as Error).message}`);
  }
  const replica = postgresEventStore(pool, { schema, readOnly: true });
  const routed = readYourWrites(
    primary.store,
    { store: replica, pool },
    { waitMs, primaryPool: primary.pool },
  );
  return E.right({
    store: {
      ...routed.store,
      close: async () => {
        await replica.close();
        await pool.end();
        await primary.store.close();
      },
    },
    reads: {
      commitToken: commitToken(primary.pool),
      withToken: routed.withToken,
      served: routed.served,
    },
  });
};
