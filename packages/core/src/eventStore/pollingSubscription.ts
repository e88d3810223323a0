import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { StoreError } from './errors.js';
import type { EventStore, SubscribeOptions, Subscription } from './port.js';
import { walkLog } from './walkLog.js';

export interface SubscriptionSource {
  readonly readAll: EventStore['readAll'];
  /** The position the next committed event will have at least (where `end` starts). */
  readonly headPosition: () => TE.TaskEither<StoreError, bigint>;
  /** Registers a listener called after appends made through this process; returns an unregister. */
  readonly onAppend?: (listener: () => void) => () => void;
  /** How often to look for appends made by other processes. */
  readonly pollIntervalMs: number;
}

/**
 * The one subscription loop every adapter uses: read a batch from the last delivered
 * position, hand each event to the handler in order, then sleep until an append wakes it
 * or the poll interval passes. Catch-up and live delivery are the same code path.
 */
export const pollingSubscription = (
  source: SubscriptionSource,
  options: SubscribeOptions,
): Subscription => {
  let stopped = false;
  let appended = false;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    appended = true;
    wake?.();
  };
  const unlisten = source.onAppend?.(signal) ?? ((): void => undefined);

  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      if (appended || stopped) return resolve();
      const timer = setTimeout(done, source.pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const fail = (error: unknown): void => {
    stopped = true;
    // A failed subscription is over; stop listening now rather than when the owner calls stop().
    unlisten();
    options.onError?.(error);
  };

  const startPosition = async (): Promise<bigint | undefined> => {
    if (options.fromPosition !== undefined && options.fromPosition !== 'end') {
      return options.fromPosition;
    }
    const head = await source.headPosition()();
    if (head._tag === 'Left') return (fail(head.left), undefined);
    return head.right;
  };

  const run = async (): Promise<void> => {
    let position = await startPosition();
    while (!stopped && position !== undefined) {
      appended = false;
      let failure: unknown;
      const walked = await walkLog(
        source,
        {
          from: position,
          batchSize: options.batchSize ?? 500,
          readAhead: false,
          whenHeldBack: 'stop',
        },
        async (events) => {
          for (const event of events) {
            if (stopped) return 'stop';
            try {
              await options.handler(event);
            } catch (error) {
              failure = error;
              return 'stop';
            }
          }
          return undefined;
        },
      )();
      if (failure !== undefined) return fail(failure);
      if (walked._tag === 'Left') return fail(walked.left);
      if (stopped) return;
      position = walked.right;
      await sleep();
    }
  };

  const loop = run();
  return {
    stop: async () => {
      stopped = true;
      unlisten();
      wake?.();
      await loop;
    },
  };
};
