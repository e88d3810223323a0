import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { EventStore, StoreError } from '@consentry/core';
import { toStoreError } from './mapping.js';

/**
 * An opaque token naming a point in the primary's history: every commit acknowledged before
 * it was taken lies before it. On PostgreSQL, a WAL position (`pg_lsn`, e.g. `0/3000148`).
 */
export type CommitToken = string;

/** The token for everything committed so far on the primary: one round trip. */
export const commitToken =
  (primary: pg.Pool): TE.TaskEither<StoreError, CommitToken> =>
  async () => {
    try {
      const result = await primary.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      return E.right((result.rows[0] as { lsn: string }).lsn);
    } catch (error) {
      return E.left(toStoreError('read the commit token', error));
    }
  };

export interface ReadYourWritesOptions {
  /**
   * How long a call (`withToken`) waits, in all, for the replica to replay its token before
   * its reads go to the primary. Default 500 ms.
   */
  readonly waitMs?: number;
  /**
   * The primary's pool: given, a token the primary itself has not reached (made up, or from
   * another cluster) sends the call to the primary at once instead of waiting the bound.
   */
  readonly primaryPool?: pg.Pool;
  /** How often the replica's replay position is asked for while waiting. Default 10 ms. */
  readonly pollMs?: number;
}

export interface ReadYourWrites {
  /**
   * Reads stream by stream from the replica once it has replayed the token of the call
   * running (`withToken`), else from the primary; `readAll`, subscriptions and appends always
   * go to the primary.
   */
  readonly store: EventStore;
  /** Runs `work` with reads that must see everything before `token` (undefined: the primary). */
  readonly withToken: <A>(token: CommitToken | undefined, work: () => Promise<A>) => Promise<A>;
  /** Reads served so far by each server. */
  readonly served: () => { readonly replica: number; readonly primary: number };
}

/**
 * Read-your-writes over a hot standby: a command's commit token travels with the next read
 * (an HTTP header, a session), and that read waits, bounded, until the standby has replayed
 * it; if it has not within `waitMs`, the read goes to the primary. A read without a token
 * goes to the primary. Only stream reads are routed: the global order (`readAll`) is the
 * primary's (a standby cannot tell its writers apart; see horizon.ts).
 */
export const readYourWrites = (
  primary: EventStore,
  replica: { readonly store: EventStore; readonly pool: pg.Pool },
  options: ReadYourWritesOptions = {},
): ReadYourWrites => {
  // One per `withToken` call: the wait is bounded for the whole call, not for each read in
  // it, and once the call has given up on the replica its other reads go to the primary.
  const calls = new AsyncLocalStorage<{
    readonly token: CommitToken;
    readonly deadline: number;
    primaryOnly: boolean;
  }>();
  const waitMs = options.waitMs ?? 500;
  const pollMs = options.pollMs ?? 10;
  const served = { replica: 0, primary: 0 };
  // Where the replica was last seen to have replayed to: a read at or below it asks nothing.
  let replayed: CommitToken | undefined;

  const hasReplayed = async (token: CommitToken): Promise<boolean> => {
    const result = await replica.pool.query<{ done: boolean; at: string | null }>(
      `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS at`,
      [token],
    );
    const row = result.rows[0];
    if (row?.at !== null && row?.at !== undefined) replayed = row.at;
    return row?.done === true;
  };
  // Where the primary was last seen: a token at or below it was issued by it.
  let written: CommitToken | undefined;
  const issued = async (token: CommitToken): Promise<boolean> => {
    if (options.primaryPool === undefined) return true;
    if (written !== undefined && lsnValue(written) >= lsnValue(token)) return true;
    const result = await options.primaryPool.query<{ at: string }>(
      'SELECT pg_current_wal_lsn()::text AS at',
    );
    written = result.rows[0]?.at ?? written;
    return written !== undefined && lsnValue(written) >= lsnValue(token);
  };
  const covered = async (token: CommitToken, deadline: number): Promise<boolean> => {
    if (replayed !== undefined && lsnValue(replayed) >= lsnValue(token)) return true;
    if (await hasReplayed(token).catch(() => false)) return true;
    if (!(await issued(token).catch(() => false))) return false;
    for (;;) {
      if (Date.now() + pollMs > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      if (await hasReplayed(token).catch(() => false)) return true;
    }
  };
  const route =
    <A>(read: (store: EventStore) => TE.TaskEither<StoreError, A>): TE.TaskEither<StoreError, A> =>
    async () => {
      const call = calls.getStore();
      if (call !== undefined && !call.primaryOnly) {
        if (await covered(call.token, call.deadline)) {
          const result = await read(replica.store)();
          if (E.isRight(result)) {
            served.replica++;
            return result;
          }
        }
        call.primaryOnly = true;
      }
      served.primary++;
      return read(primary)();
    };

  const store: EventStore = {
    ...primary,
    readStream: (name, readOptions) => route((s) => s.readStream(name, readOptions)),
    aggregateStream: (name, aggregateOptions) =>
      route((s) => s.aggregateStream(name, aggregateOptions)),
  };
  return {
    store,
    withToken: (token, work) =>
      token === undefined
        ? work()
        : calls.run({ token, deadline: Date.now() + waitMs, primaryOnly: false }, work),
    served: () => ({ ...served }),
  };
};

/** A WAL position (`X/Y`, two hexadecimal halves) as a number, to compare tokens here. */
export const lsnValue = (lsn: CommitToken): bigint => {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};
