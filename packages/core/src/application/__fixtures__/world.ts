import * as E from 'fp-ts/lib/Either.js';
import { inMemoryEventStore } from '../../eventStore/inMemory.js';
import type { EventStore } from '../../eventStore/port.js';
import { capturingNotifier } from '../../testing/capturingNotifier.js';
import { manualClock, type ManualClock } from '../../testing/manualClock.js';
import {
  ALICE_MOBILE,
  registerTestWorld,
  systemActor,
  testContacts,
  type TestContact,
} from '../../testing/testWorld.js';
import type { IdGenerator } from '../../shared/ids.js';
import { keyringFromSecrets, type Keyring } from '../../shared/keyring.js';
import type { ConsentryPolicy } from '../policy.js';
import type { Consentry } from '../api.js';
import { createConsentry } from '../createConsentry.js';

// Core's specs use the test world of `@consentry/core/testing` (docs/testing.md); this file
// only builds the facade around it the way most of them need it.
export {
  feedOf,
  patientActor,
  practiceStaffOf as practiceStaff,
  privacyOfficerOf,
  staffOf,
} from '../../testing/testWorld.js';

export const SECRET = 'test-key-0123456789-0123456789-0123456789';
export const MOBILE = ALICE_MOBILE;
export const system = systemActor();

/** A one-key keyring; a bad secret is a broken test, so it throws. */
export const testKeyring = (secret: string = SECRET): Keyring =>
  E.getOrElseW((e: string) => {
    throw new Error(e);
  })(keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: secret } }));

/**
 * The holiday story (the test world with Alice alone, so logs stay small): a Leicestershire
 * practice and hospital, a Cornwall hospital, Alice with a mobile (and `contact` beside it).
 * `org` registers more.
 */
export const registerHolidayWorld = async (
  consentry: Consentry,
  options: { readonly contact?: TestContact } = {},
) => {
  const { organisation } = await registerTestWorld(consentry, {
    patients: ['alice'],
    contacts: { alice: { ...testContacts.alice, ...options.contact } },
  });
  return { org: organisation };
};

/** The holiday story with immediate delivery to a capturing notifier. */
export const world = async (
  options: {
    store?: EventStore;
    policy?: Partial<ConsentryPolicy>;
    ids?: IdGenerator;
    clock?: ManualClock;
    stateCacheStreams?: number;
  } = {},
) => {
  const eventStore = options.store ?? inMemoryEventStore();
  const notifier = capturingNotifier();
  const clock = options.clock ?? manualClock('2026-07-01T09:00:00Z');
  const keyring = testKeyring();
  const consentry = createConsentry({
    eventStore,
    notifier,
    clock,
    keyring,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.stateCacheStreams === undefined
      ? {}
      : { stateCacheStreams: options.stateCacheStreams }),
  });
  const { org } = await registerHolidayWorld(consentry);
  const lastCode = (): string => notifier.lastCodeFor(MOBILE) ?? 'none';
  return { consentry, eventStore, notifier, clock, keyring, lastCode, org };
};
