import { expectLeft, expectRight } from '../testing/expectEither.js';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { storeUnavailable, type StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { manualClock } from '../testing/manualClock.js';
import { createConsentry } from './createConsentry.js';
import {
  feedOf,
  patientActor,
  registerHolidayWorld,
  staffOf,
  testKeyring,
} from './__fixtures__/world.js';

/** The in-memory store's token: the global position after the last event committed. */
const positionToken =
  (store: EventStore): TE.TaskEither<StoreError, string> =>
  async () => {
    let from = 0n;
    for (;;) {
      const batch = await store.readAll({ fromPosition: from })();
      if (E.isLeft(batch)) return batch;
      from = batch.right.nextPosition;
      if (batch.right.isEnd) return E.right(String(from));
    }
  };

const facadeWith = (commitToken?: TE.TaskEither<StoreError, string>) => {
  const eventStore = inMemoryEventStore();
  const consentry = createConsentry({
    eventStore,
    notifier: capturingNotifier(),
    clock: manualClock('2026-07-01T09:00:00Z'),
    keyring: testKeyring(),
    ...(commitToken === undefined ? {} : { commitToken }),
  });
  return { consentry, eventStore };
};

describe('Receipt.commitToken (ConsentryDeps.commitToken)', () => {
  it('is read after the command’s events: the token covers them', async () => {
    const store = inMemoryEventStore();
    const consentry = createConsentry({
      eventStore: store,
      notifier: capturingNotifier(),
      clock: manualClock('2026-07-01T09:00:00Z'),
      keyring: testKeyring(),
      commitToken: positionToken(store),
    });
    await registerHolidayWorld(consentry);
    const before = await expectRight(positionToken(store));
    const receipt = await expectRight(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'deny', setBy: 'patient' },
        patientActor('alice'),
      ),
    );
    expect(receipt.appended).toBeGreaterThan(0);
    expect(BigInt(receipt.commitToken ?? '0')).toBeGreaterThan(BigInt(before));
    expect(receipt.commitToken).toBe(await expectRight(positionToken(store)));
  });

  it('rides in the receipt of every result shape: a receipt, a receipt with more, a decision', async () => {
    const store = inMemoryEventStore();
    const consentry = createConsentry({
      eventStore: store,
      notifier: capturingNotifier(),
      clock: manualClock('2026-07-01T09:00:00Z'),
      keyring: testKeyring(),
      commitToken: positionToken(store),
    });
    await registerHolidayWorld(consentry);
    const registered = await expectRight(
      consentry.registerOrganisation(
        { organisationId: 'x-hosp', odsCode: 'XH1', name: 'X', kind: 'hospital', area: 'x' },
        { actor: { kind: 'system', id: 'test' } },
      ),
    );
    expect(registered.commitToken).toMatch(/^\d+$/);
    await expectRight(
      consentry.startCare(
        { patientId: 'alice', organisationId: 'leic-hospital' },
        feedOf('leic-hospital'),
      ),
    );
    const access = await expectRight(
      consentry.requestAccess(
        { patientId: 'alice', organisationId: 'leic-hospital' },
        staffOf('leic-hospital'),
      ),
    );
    expect(access.receipt.commitToken).toBe(await expectRight(positionToken(store)));
    expect('commitToken' in access).toBe(false);
  });

  it('is absent without the option, and when the token cannot be read (the command still happened)', async () => {
    const plain = facadeWith();
    await registerHolidayWorld(plain.consentry);
    const receipt = await expectRight(
      plain.consentry.setSharingPreference(
        { patientId: 'alice', preference: 'deny', setBy: 'patient' },
        patientActor('alice'),
      ),
    );
    expect(receipt).not.toHaveProperty('commitToken');

    const broken = facadeWith(() => Promise.resolve(E.left(storeUnavailable('no token'))));
    await registerHolidayWorld(broken.consentry);
    const written = await expectRight(
      broken.consentry.setSharingPreference(
        { patientId: 'alice', preference: 'deny', setBy: 'patient' },
        patientActor('alice'),
      ),
    );
    expect(written.appended).toBeGreaterThan(0);
    expect(written).not.toHaveProperty('commitToken');
  });

  it('is never read for a refused command', async () => {
    let reads = 0;
    const { consentry } = facadeWith(() => (reads++, Promise.resolve(E.right('t'))));
    await registerHolidayWorld(consentry);
    const counted = reads;
    await expectLeft(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'allow', setBy: 'patient' },
        patientActor('someone-else'),
      ),
    );
    expect(reads).toBe(counted);
  });
});
