import { expectLeft, expectRight } from '../testing/expectEither.js';
import { accessAsOf } from '../audit/asOf.js';
import { historyAsOf } from '../audit/history.js';
import {
  feedOf,
  MOBILE,
  patientActor,
  practiceStaff,
  privacyOfficerOf,
  staffOf,
  system,
  world,
} from '../application/__fixtures__/world.js';

const alice = { patientId: 'alice' };
const cornwall = { patientId: 'alice', organisationId: 'cornwall-hospital' };
const policy = { emergencyWindowHours: 24, emergencyOverridesDissent: true };

/** Alice, of Leicestershire, with care at the Cornwall hospital; a Cornwall practice exists. */
const moving = async () => {
  const w = await world();
  await w.org('cornwall-practice', 'gp-practice', 'cornwall');
  await expectRight(w.consentry.startCare(cornwall, feedOf('cornwall-hospital')));
  return w;
};

describe('patients move (docs/record-as-shared.md)', () => {
  it('given a move to Cornwall by the patient, then the Cornwall hospital is local (ask-patient); as-of before the move still says verify', async () => {
    const w = await moving();
    expect((await expectRight(w.consentry.checkAccess(cornwall))).outcome).toBe('verify');
    const before = w.clock.now();
    w.clock.advance(60_000);
    await expectRight(
      w.consentry.changeHomeArea({ ...alice, homeArea: 'cornwall' }, patientActor('alice')),
    );
    expect((await expectRight(w.consentry.checkAccess(cornwall))).outcome).toBe('ask-patient');
    const events = (await expectRight(w.eventStore.readAll({ batchSize: 100_000 }))).events;
    const decisionAt = (at: Date) =>
      accessAsOf(historyAsOf(events, at), 'alice', at, policy)?.decisions.find(
        (d) => d.organisation.organisationId === 'cornwall-hospital',
      )?.decision.outcome;
    expect(decisionAt(before)).toBe('verify');
    expect(decisionAt(w.clock.now())).toBe('ask-patient');
  });

  it.each([
    ['the Cornwall hospital staff', staffOf('cornwall-hospital')],
    ['its system feed', feedOf('cornwall-hospital')],
    ['its privacy officer', privacyOfficerOf('cornwall-hospital')],
    ['another practice', practiceStaff('cornwall-practice')],
    ['the host', system],
  ])('attack: %s cannot move the patient into its own area to get ask-patient', async (_, ctx) => {
    const w = await moving();
    const refused = await expectLeft(
      w.consentry.changeHomeArea({ ...alice, homeArea: 'cornwall' }, ctx),
    );
    expect(refused._tag).toBe('NotPermitted');
    expect((await expectRight(w.consentry.checkAccess(cornwall))).outcome).toBe('verify');
    expect((await expectRight(w.consentry.patient(alice))).homeArea).toBe('leicestershire');
  });

  it('given the practice records the move for the patient, then it holds', async () => {
    const w = await moving();
    await expectRight(
      w.consentry.changeHomeArea(
        { ...alice, homeArea: 'cornwall' },
        practiceStaff('leic-practice'),
      ),
    );
    expect((await expectRight(w.consentry.patient(alice))).homeArea).toBe('cornwall');
  });

  it('given the new practice registers her, then it is the registered practice, its lists apply, she is told and the old practice alerted', async () => {
    const w = await moving();
    await expectRight(
      w.consentry.prohibitOrganisation(
        { practiceId: 'cornwall-practice', organisationId: 'cornwall-hospital' },
        practiceStaff('cornwall-practice'),
      ),
    );
    const sent = w.notifier.sent().length;
    await expectRight(
      w.consentry.changePractice(
        { ...alice, practiceId: 'cornwall-practice' },
        practiceStaff('cornwall-practice'),
      ),
    );
    const practice = { patientId: 'alice', organisationId: 'cornwall-practice' };
    expect(await expectRight(w.consentry.checkAccess(practice))).toMatchObject({
      basis: 'registered-practice',
    });
    expect(await expectRight(w.consentry.checkAccess(cornwall))).toMatchObject({
      reason: 'organisation-prohibited',
    });
    const old = await expectRight(
      w.consentry.checkAccess({ patientId: 'alice', organisationId: 'leic-practice' }),
    );
    expect(old).toMatchObject({ outcome: 'deny', reason: 'no-care-relationship' });
    const told = w.notifier.sent().slice(sent);
    expect(told.map((m) => [m.to, m.kind])).toEqual([[MOBILE, 'sharing-consent-recorded']]);
    const alerts = await expectRight(w.consentry.alerts({}));
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'practice-changed', organisationId: 'leic-practice' }),
    ]);
    await expectRight(
      w.consentry.reviewAlert(
        { alertId: alerts[0]!.alertId, outcome: 'appropriate' },
        privacyOfficerOf('leic-practice'),
      ),
    );
    expect(await expectRight(w.consentry.alerts({}))).toEqual([]);
  });

  it.each([
    ['the old practice', practiceStaff('leic-practice')],
    ['the patient', patientActor('alice')],
    ['a hospital', staffOf('cornwall-hospital')],
    ['the host', system],
  ])('attack: %s cannot register the patient at another practice', async (_, ctx) => {
    const w = await moving();
    const refused = await expectLeft(
      w.consentry.changePractice({ ...alice, practiceId: 'cornwall-practice' }, ctx),
    );
    expect(refused._tag).toBe('NotPermitted');
    expect((await expectRight(w.consentry.patient(alice))).practiceId).toBe('leic-practice');
  });

  it('a hospital cannot become a registered practice', async () => {
    const w = await moving();
    const refused = await expectLeft(
      w.consentry.changePractice(
        { ...alice, practiceId: 'cornwall-hospital' },
        practiceStaff('cornwall-hospital'),
      ),
    );
    expect(refused._tag).toBe('Conflict');
  });

  it.each([
    ['deregistration', 'deregister'],
    ['death', 'recordDeath'],
  ] as const)(
    'after %s, no new access but the practice; emergency too is denied',
    async (_, verb) => {
      const w = await moving();
      await expectRight(
        w.consentry.allowOrganisation(
          { practiceId: 'leic-practice', organisationId: 'cornwall-hospital' },
          practiceStaff('leic-practice'),
        ),
      );
      await expectRight(w.consentry[verb](alice, practiceStaff('leic-practice')));
      expect(await expectRight(w.consentry.checkAccess(cornwall))).toMatchObject({
        reason: 'record-closed',
      });
      const emergency = await expectRight(
        w.consentry.requestAccess(
          {
            ...cornwall,
            purpose: 'ETREAT',
            justification: 'unconscious in the emergency department',
          },
          staffOf('cornwall-hospital'),
        ),
      );
      expect(emergency).toMatchObject({ outcome: 'deny', reason: 'record-closed' });
      expect(
        await expectRight(
          w.consentry.checkAccess({ patientId: 'alice', organisationId: 'leic-practice' }),
        ),
      ).toMatchObject({ basis: 'registered-practice' });
      // History stays.
      expect((await expectRight(w.consentry.sharingSummary(alice))).careRelationships).toHaveLength(
        1,
      );
    },
  );

  it.each([
    ['a hospital', staffOf('cornwall-hospital')],
    ['another practice', practiceStaff('cornwall-practice')],
    ['the patient', patientActor('alice')],
  ])('attack: %s cannot record a death or deregistration', async (_, ctx) => {
    const w = await moving();
    expect((await expectLeft(w.consentry.recordDeath(alice, ctx)))._tag).toBe('NotPermitted');
    expect((await expectLeft(w.consentry.deregister(alice, ctx)))._tag).toBe('NotPermitted');
    expect((await expectRight(w.consentry.checkAccess(cornwall))).outcome).toBe('verify');
  });

  it('a deregistered patient registered by a new practice is open to new access again', async () => {
    const w = await moving();
    await expectRight(w.consentry.deregister(alice, practiceStaff('leic-practice')));
    expect(await expectRight(w.consentry.checkAccess(cornwall))).toMatchObject({
      reason: 'record-closed',
    });
    await expectRight(
      w.consentry.changePractice(
        { ...alice, practiceId: 'cornwall-practice' },
        practiceStaff('cornwall-practice'),
      ),
    );
    expect((await expectRight(w.consentry.checkAccess(cornwall))).outcome).toBe('verify');
  });

  it('after death nothing moves', async () => {
    const w = await moving();
    await expectRight(w.consentry.recordDeath(alice, system));
    const refused = await expectLeft(
      w.consentry.changeHomeArea(
        { ...alice, homeArea: 'cornwall' },
        practiceStaff('leic-practice'),
      ),
    );
    expect(refused._tag).toBe('Conflict');
  });
});
