import * as E from 'fp-ts/lib/Either.js';
import {
  notifierError,
  type DeliveryReceipt,
  type Notifier,
  type NotifierError,
  type OutgoingMessage,
} from './port.js';

export interface RetrySchedule {
  /** Sends per channel, the first included. Default 4. */
  readonly maxAttempts?: number;
  /** Delay before the second send; doubles each time. Default 250 ms. */
  readonly baseDelayMs?: number;
  /** No single delay is longer. Default 5 s. */
  readonly maxDelayMs?: number;
  /** Waits; inject a fake to make tests fast. Default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter. Default Math.random. */
  readonly random?: () => number;
}

type Resolved = Required<RetrySchedule>;

export const resolveRetry = (schedule: RetrySchedule = {}): Resolved => ({
  maxAttempts: Math.max(1, schedule.maxAttempts ?? 4),
  baseDelayMs: schedule.baseDelayMs ?? 250,
  maxDelayMs: schedule.maxDelayMs ?? 5000,
  sleep: schedule.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  random: schedule.random ?? Math.random,
});

/**
 * Exponential backoff with "equal jitter": half the doubled delay fixed, half random, so
 * many reactors retrying after one outage spread out but none retries at once.
 */
export const backoffDelay = (schedule: Resolved, failedAttempts: number): number => {
  const ceiling = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * schedule.random());
};

export type SendOutcome =
  | { readonly _tag: 'Delivered'; readonly receipt: DeliveryReceipt; readonly attempts: number }
  | { readonly _tag: 'GaveUp'; readonly error: NotifierError; readonly attempts: number };

/** Sends one message, retrying what the notifier calls retryable; a permanent error ends it at once. */
export const sendWithRetry = async (
  notifier: Notifier,
  message: OutgoingMessage,
  schedule: Resolved,
): Promise<SendOutcome> => {
  for (let attempt = 1; ; attempt += 1) {
    // The port promises never to reject; one that does anyway counts as a provider outage, not a reactor crash.
    const result = await notifier
      .send(message)()
      .catch(() =>
        E.left(
          notifierError('unavailable', `${notifier.name} threw instead of returning an error`),
        ),
      );
    if (E.isRight(result)) return { _tag: 'Delivered', receipt: result.right, attempts: attempt };
    if (!result.left.retryable || attempt >= schedule.maxAttempts)
      return { _tag: 'GaveUp', error: result.left, attempts: attempt };
    await schedule.sleep(backoffDelay(schedule, attempt));
  }
};
