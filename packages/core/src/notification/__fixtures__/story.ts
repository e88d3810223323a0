import { randomUUID } from 'node:crypto';
import { createConsentry } from '../../application/createConsentry.js';
import { registerHolidayWorld, testKeyring } from '../../application/__fixtures__/world.js';
import type { RecordedEvent } from '../../eventStore/envelope.js';
import { inMemoryEventStore } from '../../eventStore/inMemory.js';
import type { EventStore } from '../../eventStore/port.js';
import { capturingNotifier } from '../../testing/capturingNotifier.js';
import { expectRight } from '../../testing/expectEither.js';
import { manualClock } from '../../testing/manualClock.js';
import { feedOf, patientActor, testOrganisations } from '../../testing/testWorld.js';
import type { CheckpointStore } from '../checkpoints.js';
import { eventStoreCheckpoints } from '../eventStoreCheckpoints.js';
import type { Notifier } from '../port.js';
import { notificationReactor, type ReactorLogger } from '../reactor.js';
import type { RetrySchedule } from '../retry.js';

export { MOBILE, staffOf, system } from '../../application/__fixtures__/world.js';
export { feedOf };
export const SECRET = 'reactor-test-key-0123456789-0123456789';
export const EMAIL = 'alice@example.org';
export const patient = patientActor('alice');
export const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' } as const;
export const LOCAL = { patientId: 'alice', organisationId: 'leic-hospital' } as const;
/** The names messages quote (the test world's). */
export const FAR_NAME = testOrganisations.far.name;
export const LOCAL_NAME = testOrganisations.local.name;

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
  const keyring = testKeyring(SECRET);
  const consentry = createConsentry({
    eventStore,
    notifier: capturingNotifier({ name: 'unused' }),
    clock,
    keyring,
    ids: counter('evt'),
    notifications: { delivery: 'external' },
  });
  await registerHolidayWorld(consentry, {
    contact: { email: EMAIL, preferredChannel: options.preferred ?? 'sms' },
  });
  await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));

  const sleeps: number[] = [];
  const reactor = (
    notifier: Notifier | readonly Notifier[],
    more: {
      checkpoints?: CheckpointStore;
      retry?: RetrySchedule;
      store?: EventStore;
      concurrentPatients?: number;
      checkpointEvery?: number;
      logger?: ReactorLogger;
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
      ...(more.checkpointEvery === undefined ? {} : { checkpointEvery: more.checkpointEvery }),
      ...(more.logger === undefined ? {} : { logger: more.logger }),
      retry: {
        sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
        random: () => 0.5,
        ...more.retry,
      },
    });
  };
  const all = async (): Promise<readonly RecordedEvent[]> =>
    (await expectRight(eventStore.readAll({ batchSize: 100_000 }))).events;
  const notificationEvents = async () =>
    (await expectRight(eventStore.readStream('notification-alice'))).events;
  return { consentry, eventStore, clock, keyring, reactor, sleeps, all, notificationEvents };
};
