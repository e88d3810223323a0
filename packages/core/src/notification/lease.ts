import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { storeUnavailable, type StoreError } from '../eventStore/errors.js';
import type { NotificationReactor, NotificationReactorDeps, ReactorLogger } from './reactor.js';
import { notificationReactor } from './reactor.js';

/**
 * The right to be the one process that delivers, held through the store (for PostgreSQL,
 * `postgresLease`: a session advisory lock on a connection of its own). Losing the
 * connection loses the lease; nobody else can hold it while this process does.
 */
export interface Lease {
  readonly name: string;
  /** Tries once to take the lease: true when this process now holds it. */
  readonly tryAcquire: () => TE.TaskEither<StoreError, boolean>;
  /** A round trip that proves the lease is still held: true, or false/Left when it is not. */
  readonly confirm: () => TE.TaskEither<StoreError, boolean>;
  /** Gives the lease up (and closes what held it). */
  readonly release: () => Promise<void>;
  /** Called once each time a held lease is lost without `release` (its connection dropped). */
  readonly onLost: (listener: () => void) => void;
}

export interface LeasedReactorOptions {
  /** How often a process without the lease tries to take it. Default 1000 ms. */
  readonly acquireEveryMs?: number;
  readonly logger?: ReactorLogger;
}

export interface LeasedReactor {
  /** Tries for the lease until `stop()`; runs the reactor while it holds it. */
  start(): void;
  stop(): Promise<void>;
  /** True while this process holds the lease (and so is the one that delivers). */
  holding(): boolean;
}

const silent: ReactorLogger = { info: () => undefined, warn: () => undefined };

/**
 * A notification reactor that runs only in the process holding `lease`, so any number of
 * hosts can run one and each message has one sender. The others try for the lease every
 * `acquireEveryMs`; the holder confirms it before every send, and a lease lost mid-pass
 * stops the pass before its next send (docs/notifications.md, "Several hosts").
 */
export const leasedReactor = (
  deps: Omit<NotificationReactorDeps, 'beforeSend'>,
  lease: Lease,
  options: LeasedReactorOptions = {},
): LeasedReactor => {
  const logger = options.logger ?? deps.logger ?? silent;
  const every = options.acquireEveryMs ?? 1000;
  let held = false;
  let stopped = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reactor: NotificationReactor | undefined;

  const beforeSend = (): TE.TaskEither<StoreError, void> => async () => {
    if (!held) return E.left(storeUnavailable(`lease ${lease.name} is not held`));
    const confirmed = await lease.confirm()();
    if (E.isRight(confirmed) && confirmed.right) return E.right(undefined);
    lost();
    return E.left(storeUnavailable(`lease ${lease.name} was lost; another process delivers`));
  };

  const schedule = (): void => {
    if (stopped) return;
    // Not unref'd: a process that only waits for the lease (a standby) must stay alive.
    timer = setTimeout(() => void attempt(), every);
  };
  const attempt = async (): Promise<void> => {
    timer = undefined;
    if (stopped || held) return;
    const taken = await lease.tryAcquire()();
    if (stopped) {
      if (E.isRight(taken) && taken.right) await lease.release();
      return;
    }
    if (E.isLeft(taken) || !taken.right) return schedule();
    held = true;
    logger.info('notification lease taken: this process delivers', { lease: lease.name });
    // A fresh reactor each time: it loads the checkpoint the previous holder saved.
    reactor = notificationReactor({ ...deps, beforeSend });
    reactor.start();
  };
  const lost = (): void => {
    if (!held) return;
    held = false;
    logger.warn('notification lease lost: this process stops delivering', { lease: lease.name });
    const running = reactor;
    reactor = undefined;
    void running?.stop();
    schedule();
  };
  lease.onLost(lost);

  return {
    start: () => {
      if (!stopped) return;
      stopped = false;
      void attempt();
    },
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      const running = reactor;
      reactor = undefined;
      await running?.stop();
      held = false;
      await lease.release();
    },
    holding: () => held,
  };
};
