import { expectRight } from '../testing/expectEither.js';
import { createConsentry } from '../application/createConsentry.js';
import { feedOf, registerHolidayWorld, testKeyring } from '../application/__fixtures__/world.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import type { EventStore } from '../eventStore/port.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { manualClock } from '../testing/manualClock.js';
import { FAR, MOBILE, SECRET, staffOf } from './__fixtures__/story.js';
import { inMemoryCheckpoints } from './checkpoints.js';
import { checkpointStream } from './eventStoreCheckpoints.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { storeUnavailable } from '../eventStore/errors.js';
import { notifierError } from './port.js';
import type { NotificationDelivery } from '../application/api.js';

const far = staffOf('cornwall-hospital');

/** The holiday story with the delivery mode under test, care started at the Cornwall hospital. */
const facade = async (notifications?: NotificationDelivery) => {
  const eventStore = inMemoryEventStore();
  const notifier = capturingNotifier();
  const consentry = createConsentry({
    eventStore,
    notifier,
    clock: manualClock(),
    keyring: testKeyring(SECRET),
    ...(notifications === undefined ? {} : { notifications }),
  });
  await registerHolidayWorld(consentry);
  await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
  return { consentry, eventStore, notifier };
};

/** The code went out, the receipt says so, and `NotificationSent` records it. */
const expectCodeDelivered = async (
  result: { readonly receipt: { readonly undelivered: number } },
  notifier: ReturnType<typeof capturingNotifier>,
  eventStore: EventStore,
): Promise<void> => {
  expect(result.receipt.undelivered).toBe(0);
  expect(notifier.messagesTo(MOBILE).map((m) => m.kind)).toEqual(['verification-code']);
  expect(
    (await expectRight(eventStore.readStream('notification-alice'))).events.map((e) => e.type),
  ).toEqual(['NotificationSent']);
};

describe('createConsentry and the notification reactor', () => {
  it('immediate (the default): the message is out when the command returns, recorded, and the checkpoint is in the store', async () => {
    // Saving at every event (the default is every 100), so the checkpoint is there to see.
    const { consentry, eventStore, notifier } = await facade({ checkpointEvery: 1 });
    await expectCodeDelivered(
      await expectRight(consentry.requestAccess(FAR, far)),
      notifier,
      eventStore,
    );
    expect(
      (await expectRight(eventStore.readStream(checkpointStream('patient-messages'))))
        .currentVersion,
    ).toBe(1n);
  });

  it('a checkpoint the store will not save leaves the receipt true: the message went out and is recorded', async () => {
    const { consentry, eventStore, notifier } = await facade({
      checkpoints: { ...inMemoryCheckpoints(), save: () => TE.left(storeUnavailable('down')) },
      checkpointEvery: 1,
    });
    await expectCodeDelivered(
      await expectRight(consentry.requestAccess(FAR, far)),
      notifier,
      eventStore,
    );
  });

  it('a message no channel takes counts in the receipt as undelivered, and is recorded as failed', async () => {
    const { consentry, eventStore, notifier } = await facade({
      checkpoints: inMemoryCheckpoints(),
      retry: { sleep: () => Promise.resolve() },
    });
    notifier.failNext(notifierError('rejected', 'trial mode'));
    const result = await expectRight(consentry.requestAccess(FAR, far));
    expect(result.receipt.undelivered).toBe(1);
    expect(
      (await expectRight(eventStore.readStream('notification-alice'))).events.map((e) => e.type),
    ).toEqual(['NotificationFailed']);
  });

  it('external: commands only append; the host’s reactor sends', async () => {
    const { consentry, eventStore, notifier } = await facade({ delivery: 'external' });
    await expectRight(consentry.requestAccess(FAR, far));
    expect(notifier.sent()).toEqual([]);
    expect((await expectRight(eventStore.readStream('notification-alice'))).events).toEqual([]);
  });
});
