import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import {
  createConsentry,
  keyringFromSecrets,
  systemClock,
  type CommandContext,
  type Consentry,
  type EventStore,
  type Keyring,
  type Notifier,
} from '@consentry/core';
import {
  capturingNotifier,
  practiceStaffOf as testPracticeStaffOf,
  staffOf,
  systemActor,
} from '@consentry/core/testing';
import { postgresEventStore } from '../postgresEventStore.js';

/** The verification key every host of the multi-host tests shares (as real hosts share a keyring). */
export const SECRET = 'two-hosts-test-key-0123456789-0123456789';
// The test world's actor builders (docs/testing.md), with this suite's ids.
export { staffOf };
export const practiceStaffOf = (organisationId: string): CommandContext =>
  testPracticeStaffOf(organisationId, `reception@${organisationId}`);
export const system: CommandContext = systemActor('two-hosts-test');

export const testKeyring = (): Keyring => {
  const keyring = keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: SECRET } });
  if (E.isLeft(keyring)) throw new Error(keyring.left);
  return keyring.right;
};

export interface TestHost {
  readonly consentry: Consentry;
  readonly eventStore: EventStore;
  readonly pool: pg.Pool;
  readonly close: () => Promise<void>;
}

/** One host: its own pool, store and facade over the shared schema; only the database is shared. */
export const consentryHost = (
  url: string,
  schema: string,
  options: { readonly notifier?: Notifier; readonly delivery?: 'immediate' | 'external' } = {},
): TestHost => {
  const pool = new pg.Pool({ connectionString: url, max: 8, options: '-c synchronous_commit=off' });
  const eventStore = postgresEventStore(pool, { schema });
  const consentry = createConsentry({
    eventStore,
    notifier: options.notifier ?? capturingNotifier(),
    clock: systemClock,
    keyring: testKeyring(),
    notifications: { delivery: options.delivery ?? 'immediate' },
  });
  return {
    consentry,
    eventStore,
    pool,
    close: async () => {
      await eventStore.close();
      await pool.end();
    },
  };
};

/** A valid NHS number (modulus 11 check digit) made from `n`, spaced as people write it. */
export const nhsNumberOf = (n: number): string => {
  for (let base = 100_000_000 + n * 7; ; base++) {
    const digits = String(base).padStart(9, '0').split('').map(Number);
    const sum = digits.reduce((total, digit, i) => total + digit * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const all = `${digits.join('')}${check === 11 ? 0 : check}`;
    return `${all.slice(0, 3)} ${all.slice(3, 6)} ${all.slice(6)}`;
  }
};
