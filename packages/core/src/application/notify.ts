import * as E from 'fp-ts/lib/Either.js';
import * as T from 'fp-ts/lib/Task.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { eventStoreCheckpoints } from '../notification/eventStoreCheckpoints.js';
import { intentsOf } from '../notification/intents.js';
import { notificationReactor, type NotificationReactor } from '../notification/reactor.js';
import type { ConsentryDeps } from './deps.js';
import type { StateCache } from '../streams/stateCache.js';

/** What a consent command does with its appended events once they are committed. */
export interface Delivery {
  /** Resolves with how many of the messages these events owe did not go out. */
  readonly afterAppend: (events: readonly RecordedEvent[]) => T.Task<number>;
}

/** The host runs `notificationReactor` itself; commands only append (docs/notifications.md). */
export const externalDelivery: Delivery = { afterAppend: () => T.of(0) };

/**
 * Drains the reactor after every consent command, so messages are out (or recorded as
 * failed) when the command returns, yet still go through the durable outbox: the same
 * checkpoint, retries, fallback and records as a reactor the host runs.
 */
export const immediateDelivery = (reactor: NotificationReactor): Delivery => ({
  afterAppend: (events) => async () => {
    if (!events.some((event) => intentsOf(event).length > 0)) return 0;
    const drained = await reactor.catchUp()();
    // Not lost: the next drain (or a restart) handles these events from the checkpoint.
    if (E.isLeft(drained)) return events.flatMap(intentsOf).length;
    const ids = new Set(events.map((event) => event.metadata.eventId));
    return drained.right.outcomes.filter((o) => o._tag === 'Failed' && ids.has(o.causationEventId))
      .length;
  },
});

/** The delivery `createConsentry` wires from its deps: immediate (default) or external. */
export const deliveryFor = (
  deps: ConsentryDeps,
  ids: { next(): string },
  states: StateCache,
): Delivery => {
  const options = deps.notifications ?? {};
  if (options.delivery === 'external') return externalDelivery;
  const common = {
    eventStore: deps.eventStore,
    notifier: deps.notifier,
    keyring: deps.keyring,
    clock: deps.clock,
    ids,
  };
  return immediateDelivery(
    notificationReactor({
      ...common,
      checkpoints: options.checkpoints ?? eventStoreCheckpoints(deps.eventStore, common),
      states,
      ...(options.checkpointEvery === undefined
        ? {}
        : { checkpointEvery: options.checkpointEvery }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    }),
  );
};
