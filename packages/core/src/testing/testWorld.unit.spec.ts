import { createConsentry } from '../application/createConsentry.js';
import { testKeyring } from '../application/__fixtures__/world.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { capturingNotifier } from './capturingNotifier.js';
import { expectLeft, expectRight } from './expectEither.js';
import { manualClock } from './manualClock.js';
import { ALICE_MOBILE, registerTestWorld, testOrganisations } from './testWorld.js';

const facade = () => {
  const notifier = capturingNotifier();
  const consentry = createConsentry({
    eventStore: inMemoryEventStore(),
    notifier,
    clock: manualClock('2026-07-01T09:00:00Z'),
    keyring: testKeyring(),
  });
  return { consentry, notifier };
};

describe('the test world (docs/testing.md)', () => {
  it('registers the practice, both hospitals and three patients, each reachable as the world says', async () => {
    const { consentry } = facade();
    const w = await registerTestWorld(consentry);
    expect(w.organisations).toEqual({
      practice: 'leic-practice',
      local: 'leic-hospital',
      far: 'cornwall-hospital',
    });
    expect(w.patients).toEqual(['alice', 'bob', 'carol']);
    const organisations = await expectRight(consentry.organisations());
    expect(organisations.map((o) => o.name).sort()).toEqual(
      Object.values(testOrganisations)
        .map((o) => o.name)
        .sort(),
    );
    const alice = await expectRight(consentry.patient({ patientId: 'alice' }));
    expect(alice).toMatchObject({ practiceId: 'leic-practice', mobile: ALICE_MOBILE });
    expect(await expectRight(consentry.patient({ patientId: 'bob' }))).toMatchObject({
      email: 'bob@example.org',
      preferredChannel: 'email',
    });
    const carol = await expectRight(consentry.patient({ patientId: 'carol' }));
    expect([carol.mobile, carol.email]).toEqual([undefined, undefined]);
  });

  it("its actors are the ones core's trust rules expect: the far hospital's clinician asks, Alice's phone gets the code", async () => {
    const { consentry, notifier } = facade();
    const w = await registerTestWorld(consentry, { patients: ['alice'] });
    const visit = { patientId: 'alice', organisationId: w.organisations.far };
    await expectRight(consentry.startCare(visit, w.actors.farFeed));
    expect(await expectRight(consentry.requestAccess(visit, w.actors.farStaff))).toMatchObject({
      outcome: 'verify',
    });
    expect(notifier.lastCodeFor(ALICE_MOBILE)).toMatch(/^\d{6}$/);
    // The local hospital's clinician cannot set Alice's preference: only she or her practice may.
    expect(
      await expectLeft(
        consentry.setSharingPreference(
          { patientId: 'alice', preference: 'allow', setBy: 'patient' },
          w.actors.localStaff,
        ),
      ),
    ).toMatchObject({ _tag: 'NotPermitted' });
  });

  it('registers only the patients asked for, with the contact details given instead', async () => {
    const { consentry } = facade();
    await registerTestWorld(consentry, {
      patients: ['bob'],
      contacts: { bob: null },
    });
    const bob = await expectRight(consentry.patient({ patientId: 'bob' }));
    expect(bob.email).toBeUndefined();
    expect(await expectLeft(consentry.patient({ patientId: 'alice' }))).toMatchObject({
      _tag: 'UnknownPatient',
    });
  });
});
