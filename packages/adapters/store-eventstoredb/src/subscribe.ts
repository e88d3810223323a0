import {
  END,
  type AllStreamSubscription,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import * as E from 'fp-ts/lib/Either.js';
import type { SubscribeOptions, Subscription } from '@consentry/core';
import {
  fromClientError,
  fromResolvedEvent,
  isForeignEvent,
  subscriptionFilter,
  subscriptionStart,
  toGlobalPosition,
} from './mapping.js';
import type { Connection } from './reads.js';

/**
 * subscribe over EventStoreDB's own catch-up subscription to $all, filtered on the server
 * to user events (or to the store's stream prefix). It catches up from `fromPosition`, then delivers live events, one at a
 * time: the client's stream is read with `for await`, so the next event waits for the
 * handler. A dropped connection ends the subscription with `onError` (StoreUnavailable);
 * resubscribe from the last delivered position + 1n.
 */
export const subscribeToAllEvents =
  ({ client, prefix }: Connection, onStop: (subscription: Subscription) => void) =>
  (options: SubscribeOptions): Subscription => {
    let stopped = false;
    let live: AllStreamSubscription | undefined;

    const fail = (error: unknown): void => {
      if (stopped) return;
      stopped = true;
      options.onError?.(error);
    };

    /** Hands one event to the handler; false when the subscription must end. */
    const deliver = async (resolved: ResolvedEvent): Promise<boolean> => {
      if (stopped) return false;
      if (isForeignEvent(resolved, prefix)) return true;
      const event = fromResolvedEvent(resolved, prefix);
      if (E.isLeft(event)) return (fail(event.left), false);
      try {
        await options.handler(event.right);
        return !stopped;
      } catch (error) {
        return (fail(error), false);
      }
    };

    /** A subscription starts strictly after a position, so an inclusive start reads that one event first. */
    const start = async (): Promise<ReadPosition | undefined> => {
      const from = options.fromPosition ?? 'end';
      if (from === 'end') return END;
      const { after, exactly } = subscriptionStart(from);
      if (exactly !== undefined) {
        for await (const resolved of client.readAll({ fromPosition: exactly, maxCount: 1 })) {
          const position = toGlobalPosition(resolved.event?.position);
          if (E.isRight(position) && position.right === from && !(await deliver(resolved)))
            return undefined;
        }
      }
      return after;
    };

    const run = async (): Promise<void> => {
      try {
        const after = await start();
        if (after === undefined || stopped) return;
        live = client.subscribeToAll({ fromPosition: after, filter: subscriptionFilter(prefix) });
        for await (const resolved of live) {
          if (!(await deliver(resolved))) break;
        }
      } catch (error) {
        fail(fromClientError(error));
      }
    };

    const loop = run();
    const subscription: Subscription = {
      stop: async () => {
        stopped = true;
        onStop(subscription);
        await live?.unsubscribe().catch(() => undefined);
        await loop;
      },
    };
    return subscription;
  };
