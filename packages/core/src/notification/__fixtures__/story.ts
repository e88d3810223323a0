import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { createConsentry } from '../../application/createConsentry.js';
import type { CommandContext } from '../../application/inputs.js';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import { inMemoryEventStore } from '../../eventStore/inMemory.js';
import type { EventStore } from '../../eventStore/port.js';
import { capturingNotifier } from '../../testing/capturingNotifier.js';
import { manualClock } from '../../testing/manualClock.js';
import { keyringFromSecrets } from '../../verification/keyring.js';
import type { CheckpointStore } from '../checkpoints.js';
import { eventStoreCheckpoints } from '../eventStoreCheckpoints.js';
import type { Notifier } from '../port.js';
import { notificationReactor } from '../reactor.js';
import type { RetryPolicy } from '../retry.js';

export const SECRET = 'reactor-test-key-0123456789-0123456789';
export const MOBILE = '+447700900123';
export const EMAIL = 'alice@example.org';
export const system: CommandContext = { actor: { kind: 'system', id: 'test' } };
export const staffOf = (organisationId: string): CommandContext => ({
  actor: { kind: 'organisation-staff', id: `clin@${organisationId}`, organisationId },
});
export const patient: CommandContext = { actor: { kind: 'patient', id: 'alice' } };
export const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' } as const;
export const LOCAL = { patientId: 'alice', organisationId: 'leic-hospital' } as const;

/** Unwraps a TaskEither in a test, failing loudly with the error. */
export const run = async <A>(task: TE.TaskEither<unknown, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result))
    throw new Error(
      `expected success, got ${JSON.stringify(result.left, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  return result.right;
};

const uuids = { next: (): string => randomUUID() };

const counter = (prefix: string) => {
  let n = 0;
  return { next: () => `${prefix}-${(n += 1).toString().padStart(4, '0')}` };
};

/**
 * The holiday story's world with the facade in `external` delivery: commands only append,
 * and each test runs its own reactors over the store, as a host would.
 */
export const story = async (
  options: { readonly store?: EventStore; readonly preferred?: 'sms' | 'email' } = {},
) => {
  const eventStore = options.store ?? inMemoryEventStore();
  const clock = manualClock('2026-07-01T09:00:00Z');
  const keyring = E.getOrElseW((e: string) => {
    throw new Error(e);
  })(keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: SECRET } }));
  const consentry = createConsentry({
    eventStore,
    notifier: capturingNotifier({ name: 'unused' }),
    clock,
    keyring,
    ids: counter('evt'),
    notifications: { delivery: 'external' },
  });
  const org = (
    organisationId: string,
    area: string,
    kind: 'gp-practice' | 'hospital' = 'hospital',
  ) =>
    run(
      consentry.registerOrganisation(
        {
          organisationId,
          odsCode: `X${organisationId.length}1`,
          name: organisationId === 'cornwall-hospital' ? 'Royal Cornwall Hospital' : organisationId,
          kind,
          area,
        },
        system,
      ),
    );
  await org('leic-practice', 'leicestershire', 'gp-practice');
  await org('leic-hospital', 'leicestershire');
  await org('cornwall-hospital', 'cornwall');
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
      {
        patientId: 'alice',
        mobile: '07700 900123',
        email: EMAIL,
        preferredChannel: options.preferred ?? 'sms',
      },
      patient,
    ),
  );
  await run(consentry.startCare(FAR, staffOf('cornwall-hospital')));

  const sleeps: number[] = [];
  const reactor = (
    notifier: Notifier | readonly Notifier[],
    more: {
      checkpoints?: CheckpointStore;
      retry?: RetryPolicy;
      store?: EventStore;
      concurrentPatients?: number;
    } = {},
  ) => {
    const store = more.store ?? eventStore;
    return notificationReactor({
      eventStore: store,
      notifier,
      keyring,
      clock,
      ids: uuids,
      checkpoints: more.checkpoints ?? eventStoreCheckpoints(store, { clock, ids: uuids }),
      ...(more.concurrentPatients === undefined
        ? {}
        : { concurrentPatients: more.concurrentPatients }),
      retry: {
        sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
        random: () => 0.5,
        ...more.retry,
      },
    });
  };
  const all = async (): Promise<readonly RecordedEvent[]> =>
    (await run(eventStore.readAll({ batchSize: 100_000 }))).events;
  const notificationEvents = async () =>
    (await run(eventStore.readStream('notification-alice'))).events;
  return { consentry, eventStore, clock, keyring, reactor, sleeps, all, notificationEvents };
};
