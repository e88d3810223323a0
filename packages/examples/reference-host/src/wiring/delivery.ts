import type { Logger } from 'pino';
import {
  eventStoreCheckpoints,
  leasedReactor,
  notificationReactor,
  systemClock,
  uuidV7Ids,
  type EventStore,
  type Keyring,
  type Notifier,
} from '@consentry/core';
import { postgresLease, postgresPool, schemaFromUrl } from '@consentry/store-postgres';
import type { HostConfig } from '../config/config.js';

/** How this host delivers messages, and how to stop it. */
export interface HostDelivery {
  /** What the facade is told: drain after each command, or leave it to a reactor. */
  readonly notifications: { readonly delivery: 'immediate' | 'external' };
  readonly stop: () => Promise<void>;
}

/**
 * `CONSENTRY_DELIVERY` (docs/reference-host.md, "Several hosts"): `immediate`, the facade
 * drains its reactor after every command (one host per store); `background`, this host runs
 * the reactor, on PostgreSQL only while it holds the store's lease, so any number of hosts
 * can and one sends; `off`, this host never sends (another process does).
 */
export const startDelivery = (
  config: HostConfig,
  deps: {
    readonly eventStore: EventStore;
    readonly notifier: Notifier;
    readonly keyring: Keyring;
    readonly logger: Logger;
  },
): HostDelivery => {
  if (config.delivery === 'immediate') return { notifications: IMMEDIATE, stop: async () => {} };
  if (config.delivery === 'off') return { notifications: EXTERNAL, stop: async () => {} };
  const common = { clock: systemClock, ids: uuidV7Ids };
  const reactorDeps = {
    ...common,
    eventStore: deps.eventStore,
    notifier: deps.notifier,
    keyring: deps.keyring,
    checkpoints: eventStoreCheckpoints(deps.eventStore, common),
    logger: {
      info: (message: string, fields?: Record<string, unknown>) =>
        deps.logger.info(fields ?? {}, message),
      warn: (message: string, fields?: Record<string, unknown>) =>
        deps.logger.warn(fields ?? {}, message),
    },
  };
  if (config.store.kind === 'postgres') {
    const { url, schema } = schemaFromUrl(config.store.url);
    const reactor = leasedReactor(
      reactorDeps,
      // Only the pool's settings and client class are used (multi-host strings included):
      // the lease opens one connection of its own and never takes one from this pool.
      postgresLease(postgresPool(url, { max: 1 }), { schema }),
    );
    reactor.start();
    return { notifications: EXTERNAL, stop: () => reactor.stop() };
  }
  // SQLite is one host's file; EventStoreDB has no lease here: run one background host.
  const reactor = notificationReactor(reactorDeps);
  reactor.start();
  return { notifications: EXTERNAL, stop: () => reactor.stop() };
};

const EXTERNAL = { delivery: 'external' } as const;
const IMMEDIATE = { delivery: 'immediate' } as const;
