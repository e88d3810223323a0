import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { inMemoryEventStore } from '../../eventStore/inMemory.js';
import type { EventStore } from '../../eventStore/port.js';
import { capturingNotifier } from '../../testing/capturingNotifier.js';
import { manualClock, type ManualClock } from '../../testing/manualClock.js';
import type { IdGenerator } from '../../shared/ids.js';
import { keyringFromSecrets, type Keyring } from '../../shared/keyring.js';
import type { ConsentryPolicy } from '../policy.js';
import type { Consentry } from '../api.js';
import { createConsentry } from '../createConsentry.js';
import type { CommandContext } from '../inputs.js';

export const SECRET = 'test-key-0123456789-0123456789-0123456789';
export const MOBILE = '+447700900123';
export const system: CommandContext = { actor: { kind: 'system', id: 'test' } };
export const staffOf = (organisationId: string): CommandContext => ({
  actor: { kind: 'organisation-staff', id: `clin@${organisationId}`, organisationId },
});
/** The organisation's own system feed (admissions, bookings): it starts care without an alert. */
export const feedOf = (organisationId: string): CommandContext => ({
  actor: { kind: 'organisation-system', id: `feed@${organisationId}`, organisationId },
});
/** A privacy officer of the organisation. */
export const privacyOfficerOf = (organisationId: string): CommandContext => ({
  actor: { kind: 'privacy-officer', id: `po@${organisationId}`, organisationId },
});
export const practiceStaff = (organisationId: string): CommandContext => ({
  actor: { kind: 'practice-staff', id: `pm@${organisationId}`, organisationId },
});
export const patientActor = (patientId: string): CommandContext => ({
  actor: { kind: 'patient', id: patientId },
});

/** Unwraps a TaskEither in a test, failing loudly with the error (bigints and all). */
export const run = async <A>(task: TE.TaskEither<unknown, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result))
    throw new Error(
      `expected success, got ${JSON.stringify(result.left, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  return result.right;
};
export const fail = async <A>(
  task: TE.TaskEither<unknown, A>,
): Promise<{ _tag: string } & Record<string, unknown>> => {
  const result = await task();
  if (E.isRight(result)) throw new Error(`expected failure, got ${JSON.stringify(result.right)}`);
  return result.left as { _tag: string } & Record<string, unknown>;
};

/** A one-key keyring; a bad secret is a broken test, so it throws. */
export const testKeyring = (secret: string = SECRET): Keyring =>
  E.getOrElseW((e: string) => {
    throw new Error(e);
  })(keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: secret } }));

export interface HolidayWorldOptions {
  /** The name each organisation is registered under (messages quote it); default: the id with spaces. */
  readonly name?: (organisationId: string) => string;
  /** Alice's e-mail and preferred channel, beside her mobile. */
  readonly contact?: { readonly email: string; readonly preferredChannel: 'sms' | 'email' };
}

/**
 * The leaflet's holiday story: a Leicestershire practice and hospital, a Cornwall hospital,
 * and Alice (registered at the practice) with a mobile. Returns `org` to register more.
 */
export const registerHolidayWorld = async (
  consentry: Consentry,
  options: HolidayWorldOptions = {},
) => {
  const name = options.name ?? ((organisationId: string) => organisationId.replace(/-/g, ' '));
  const org = (organisationId: string, kind: 'gp-practice' | 'hospital', area: string) =>
    run(
      consentry.registerOrganisation(
        {
          organisationId,
          odsCode: `X${organisationId.length}1`,
          name: name(organisationId),
          kind,
          area,
        },
        system,
      ),
    );
  await org('leic-practice', 'gp-practice', 'leicestershire');
  await org('leic-hospital', 'hospital', 'leicestershire');
  await org('cornwall-hospital', 'hospital', 'cornwall');
  await run(
    consentry.registerPatient(
      {
        patientId: 'alice',
        nhsNumber: '943 476 5919',
        name: 'Alice Smith',
        dateOfBirth: '1980-02-03',
        homeArea: 'leicestershire',
        practiceId: 'leic-practice',
      },
      system,
    ),
  );
  await run(
    consentry.recordContactDetails(
      { patientId: 'alice', mobile: '07700 900123', ...options.contact },
      patientActor('alice'),
    ),
  );
  return { org };
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
