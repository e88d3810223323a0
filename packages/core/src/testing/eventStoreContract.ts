import { appendChecks } from './contract/appendChecks.js';
import { concurrencyChecks } from './contract/concurrencyChecks.js';
import { integrityChecks } from './contract/integrityChecks.js';
import { readAllChecks } from './contract/readAllChecks.js';
import { scaleChecks } from './contract/scaleChecks.js';
import type { ContractCheck, EventStoreFactory } from './contract/support.js';
import { subscriptionChecks } from './contract/subscriptionChecks.js';
import { unavailableChecks } from './contract/unavailableChecks.js';
import { versionChecks } from './contract/versionChecks.js';

export type { ContractCheck, EventStoreFactory } from './contract/support.js';
export { unavailableChecks } from './contract/unavailableChecks.js';

/** The contract's checks by topic; each is a plain async function, so it can run outside jest too. */
export const contractCheckGroups: Readonly<
  Record<string, Readonly<Record<string, ContractCheck>>>
> = {
  'appending and reading': appendChecks,
  'expected versions': versionChecks,
  'concurrent appends': concurrencyChecks,
  readAll: readAllChecks,
  subscribe: subscriptionChecks,
  size: scaleChecks,
  'integrity and aggregation': integrityChecks,
};

/** Every check by name. A check resolves when the store behaves and rejects when it does not. */
export const contractChecks: Readonly<Record<string, ContractCheck>> = Object.assign(
  {},
  ...Object.values(contractCheckGroups),
) as Record<string, ContractCheck>;

export interface EventStoreContractOptions {
  /** Per-check time limit for slow back ends (the size checks write 20,000 events). Default 60 s. */
  readonly timeoutMs?: number;
  /**
   * Makes a store whose back end is busy or unreachable (a locked SQLite file, a stopped
   * server, an exhausted pool). When given, `unavailableChecks` run against it too; the
   * in-memory store has no such state, so it leaves this out.
   */
  readonly unavailable?: EventStoreFactory;
}

interface JestGlobals {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
}

/**
 * Registers the event store contract as jest tests: call it at the top level of an
 * adapter's spec file. `factory` is called once per check and must return an empty store.
 */
export const eventStoreContract = (
  name: string,
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void => {
  // Read at call time, so importing the testing kit outside a test runner does not fail.
  const { describe, it } = globalThis as unknown as Partial<JestGlobals>;
  if (describe === undefined || it === undefined) {
    throw new Error('eventStoreContract registers jest tests: call it from a spec file');
  }
  describe(`EventStore contract: ${name}`, () => {
    for (const [topic, checks] of Object.entries(contractCheckGroups)) {
      describe(topic, () => {
        for (const [title, check] of Object.entries(checks)) {
          it(title, () => check(factory), options.timeoutMs ?? 60_000);
        }
      });
    }
    const { unavailable } = options;
    if (unavailable !== undefined) {
      describe('an unavailable back end', () => {
        for (const [title, check] of Object.entries(unavailableChecks)) {
          it(title, () => check(unavailable), options.timeoutMs ?? 60_000);
        }
      });
    }
  });
};
