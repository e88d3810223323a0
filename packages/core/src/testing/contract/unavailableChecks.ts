import assert from 'node:assert/strict';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { isStoreUnavailable, type StoreError } from '../../eventStore/errors.js';
import type { EventStore } from '../../eventStore/port.js';
import { type ContractCheck, expectLeft, testEvent, waitFor, withStore } from './support.js';

// docs/event-store.md: a busy database surfaced as "cannot rollback - no transaction is active", which
// hid the real cause and was never retried. These checks take a factory for a store whose
// back end is busy or unreachable, and ask that every operation say so as StoreUnavailable.

const expectUnavailable = (what: string, error: unknown): void => {
  const described = (error as Partial<StoreError> | undefined)?.message ?? String(error);
  assert.ok(isStoreUnavailable(error), `${what}: expected StoreUnavailable, got ${described}`);
  assert.ok(error.message.length > 0, `${what}: StoreUnavailable without a message`);
};

const operations = (
  store: EventStore,
): ReadonlyArray<readonly [string, TE.TaskEither<StoreError, unknown>]> =>
  [
    ['appendToStream', store.appendToStream('patient-u', [testEvent('Refused', {})])],
    ['readStream', store.readStream('patient-u')],
    [
      'aggregateStream',
      store.aggregateStream('patient-u', { initialState: () => 0, evolve: (n) => n + 1 }),
    ],
    ['readAll', store.readAll()],
  ] as const;

const everyOperationUnavailable: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    for (const [what, task] of operations(store)) {
      expectUnavailable(what, await expectLeft(task, what));
    }
  });

const subscriptionReportsUnavailable: ContractCheck = (factory) =>
  withStore(factory, async (store) => {
    const errors: unknown[] = [];
    const subscription = store.subscribe({
      fromPosition: 0n,
      handler: () => undefined,
      onError: (error) => void errors.push(error),
    });
    try {
      await waitFor('onError from a subscription to an unavailable store', () => errors.length > 0);
      expectUnavailable('subscribe', errors[0]);
    } finally {
      await subscription.stop();
    }
  });

/** Checks for a store whose back end is busy or unreachable; see `EventStoreContractOptions.unavailable`. */
export const unavailableChecks = {
  'reports a busy or unreachable back end as StoreUnavailable from every operation':
    everyOperationUnavailable,
  'reports a busy or unreachable back end to a subscription through onError':
    subscriptionReportsUnavailable,
} satisfies Record<string, ContractCheck>;
