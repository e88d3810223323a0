import { expectRight } from '../testing/expectEither.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { isVersionConflict } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import { streams } from '../shared/streams.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { createConsentry } from './createConsentry.js';
import { feedOf, practiceStaff, patientActor, staffOf, world } from './__fixtures__/world.js';

/** Counts the appends that lost a version race, to prove the race really happens. */
const countingConflicts = (store: EventStore) => {
  let conflicts = 0;
  const counted: EventStore = {
    ...store,
    appendToStream: (stream, events, options) =>
      TE.mapLeft((e: Parameters<typeof isVersionConflict>[0]) => {
        if (isVersionConflict(e)) conflicts += 1;
        return e;
      })(store.appendToStream(stream, events, options)) as ReturnType<EventStore['appendToStream']>,
  };
  return { store: counted, conflicts: () => conflicts };
};

const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' };
const far = staffOf('cornwall-hospital');

describe('a withdrawal racing an access request', () => {
  it('never lets a permit on sharing-in-consent land after the withdrawal (120 races)', async () => {
    let conflicts = 0;
    let permitsBeforeWithdrawal = 0;
    for (let i = 0; i < 120; i += 1) {
      const counting = countingConflicts(inMemoryEventStore());
      const { consentry, eventStore, clock, keyring } = await world({ store: counting.store });
      // The patient withdraws on another host: in one process commands on a patient queue.
      const otherHost = createConsentry({
        eventStore: counting.store,
        notifier: capturingNotifier(),
        clock,
        keyring,
      });
      await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
      await expectRight(
        consentry.recordInPersonAnswer(
          { ...FAR, answer: 'consent' },
          practiceStaff('leic-practice'),
        ),
      );
      await expectRight(otherHost.checkAccess(FAR)); // both hosts hold the patient's state, as a busy host would
      // Alternate who starts first, so each side sometimes wins the race.
      const request = consentry.requestAccess(FAR, far);
      const withdraw = otherHost.withdrawConsent(FAR, patientActor('alice'));
      const decision =
        i % 2 === 0
          ? (await Promise.all([expectRight(request), expectRight(withdraw)]))[0]
          : (await Promise.all([expectRight(withdraw), expectRight(request)]))[1];
      const stream = (await expectRight(eventStore.readStream(streams.consent('alice')))).events;
      const withdrawnAt = stream.findIndex((e) => e.type === 'SharingInConsentWithdrawn');
      const grantedAt = stream.findIndex(
        (e) =>
          e.type === 'AccessGranted' &&
          (e.data as { basis: string }).basis === 'sharing-in-consent',
      );
      expect(withdrawnAt).toBeGreaterThan(-1);
      if (grantedAt > -1) {
        expect(grantedAt).toBeLessThan(withdrawnAt);
        permitsBeforeWithdrawal += 1;
      }
      expect(decision.outcome === 'permit').toBe(grantedAt > -1);
      // Whatever the order, the next check after both is not a permit on the withdrawn consent.
      expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'verify' });
      conflicts += counting.conflicts();
    }
    // The race is real: appends did collide and were retried on fresh state, and both orders occurred.
    expect(conflicts).toBeGreaterThan(0);
    expect(permitsBeforeWithdrawal).toBeGreaterThan(0);
    expect(permitsBeforeWithdrawal).toBeLessThan(120);
  });
});
