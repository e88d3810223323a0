import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { Lease, StoreError } from '@consentry/core';
import { toStoreError } from './mapping.js';
import { writerLockKey } from './horizon.js';
import { poolClient } from './postgresEventStore.js';

export interface PostgresLeaseOptions {
  /** The store's schema: leases of different schemas never meet. Default `consentry`. */
  readonly schema?: string;
  /** What the lease is for. Default `notification-reactor`. */
  readonly name?: string;
  /** Opens the lease's own connection. Default: a new `pg.Client` with the pool's (or the given) settings. */
  readonly client?: () => pg.Client;
  /** A confirmation not answered within this is a lost lease. Default 2000 ms. */
  readonly confirmTimeoutMs?: number;
  /**
   * How soon the server notices a holder that vanished without closing its socket (power
   * loss, a cut network): TCP keepalive idle seconds; probes follow every 2 s, three of them.
   * Default 5, so such a lease is freed in about 11 s. A killed process's socket is closed by
   * its kernel, which frees the lease at once.
   */
  readonly keepaliveIdleSeconds?: number;
}

/** The advisory lock's first key ("Lse1"); the second hashes schema and name. */
const LEASE_CLASS = 0x4c736531;

/**
 * A lease held as a session advisory lock on a connection of its own, never a pooled one: a
 * pool may recycle a connection (releasing the lock under the holder) or keep it after the
 * work ended. The lock lives exactly as long as the session, so losing the connection is
 * losing the lease, and the server gives it to another process as soon as the session ends.
 */
export const postgresLease = (
  server: pg.Pool | pg.ClientConfig,
  options: PostgresLeaseOptions = {},
): Lease => {
  const schema = options.schema ?? 'consentry';
  const name = options.name ?? 'notification-reactor';
  const key = writerLockKey(`${schema}:${name}`);
  const settings = server instanceof pg.Pool ? server.options : server;
  const Client = server instanceof pg.Pool ? poolClient(server) : pg.Client;
  const open = options.client ?? ((): pg.Client => new Client(settings));
  const idle = options.keepaliveIdleSeconds ?? 5;
  const listeners: (() => void)[] = [];
  let client: pg.Client | undefined;

  const drop = (target: pg.Client, wasHeld: boolean): void => {
    if (client !== target) return;
    client = undefined;
    void target.end().catch(() => undefined);
    if (wasHeld) for (const listener of listeners) listener();
  };

  const tryAcquire = (): TE.TaskEither<StoreError, boolean> => async () => {
    if (client !== undefined) return E.right(true);
    const candidate = open();
    candidate.on('error', () => drop(candidate, client === candidate));
    try {
      await candidate.connect();
      // The server drops a silent holder's session (and so its lock) in idle + 3 × 2 seconds.
      await candidate.query(
        `SET tcp_keepalives_idle = ${idle}; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3`,
      );
      const result = await candidate.query<{ taken: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS taken',
        [LEASE_CLASS, key],
      );
      if (result.rows[0]?.taken !== true) {
        await candidate.end().catch(() => undefined);
        return E.right(false);
      }
      client = candidate;
      candidate.on('end', () => drop(candidate, true));
      return E.right(true);
    } catch (error) {
      await candidate.end().catch(() => undefined);
      return E.left(toStoreError(`take the lease ${name}`, error));
    }
  };

  // One round trip at a time on the lease's connection; callers arriving while one is in
  // flight share the next one, which starts after they asked (so it proves the lease for them).
  let current: Promise<E.Either<StoreError, boolean>> | undefined;
  let next: Promise<E.Either<StoreError, boolean>> | undefined;
  const confirm = (): TE.TaskEither<StoreError, boolean> => () => {
    if (current === undefined) {
      current = confirmOnce().finally(() => (current = undefined));
      return current;
    }
    next ??= current.then(() => {
      next = undefined;
      return confirm()();
    });
    return next;
  };

  const confirmOnce = async (): Promise<E.Either<StoreError, boolean>> => {
    const holder = client;
    if (holder === undefined) return E.right(false);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.confirmTimeoutMs ?? 2000);
    });
    try {
      const answer = await Promise.race([holder.query('SELECT 1'), timeout]);
      if (answer !== 'timeout') return E.right(true);
      drop(holder, true);
      return E.right(false);
    } catch (error) {
      drop(holder, true);
      return E.left(toStoreError(`confirm the lease ${name}`, error));
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name: `${schema}/${name}`,
    tryAcquire,
    confirm,
    release: async () => {
      const holder = client;
      client = undefined;
      // Ending the session releases the lock; no unlock round trip needed.
      await holder?.end().catch(() => undefined);
    },
    onLost: (listener) => void listeners.push(listener),
  };
};
