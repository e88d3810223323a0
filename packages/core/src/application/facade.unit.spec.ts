import { expectLeft, expectRight } from '../testing/expectEither.js';
import {
  feedOf,
  MOBILE,
  patientActor,
  practiceStaff,
  privacyOfficerOf,
  staffOf,
  system,
  world,
} from './__fixtures__/world.js';

const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' };
const LOCAL = { patientId: 'alice', organisationId: 'leic-hospital' };
const far = staffOf('cornwall-hospital');

describe('createConsentry: the holiday story', () => {
  it('out of area: verify by SMS, the code permits, and the consent stands after the code expires', async () => {
    const { consentry, notifier, clock, lastCode } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    const asked = await expectRight(consentry.requestAccess(FAR, far));
    expect(asked).toMatchObject({
      outcome: 'verify',
      channels: ['sms'],
      challenge: { channel: 'sms', attemptsLeft: 5, expiresAt: '2026-07-01T09:10:00.000Z' },
    });
    expect(notifier.messagesTo(MOBILE)).toHaveLength(1);
    const entered = await expectRight(consentry.enterCode({ ...FAR, code: lastCode() }, far));
    expect(entered).toMatchObject({ outcome: 'permit', basis: 'verified-code' });
    expect(notifier.messagesTo(MOBILE).map((m) => m.kind)).toEqual([
      'verification-code',
      'sharing-consent-recorded',
    ]);
    clock.advanceMinutes(11);
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({
      outcome: 'permit',
      basis: 'sharing-in-consent',
    });
    expect(await expectLeft(consentry.enterCode({ ...FAR, code: lastCode() }, far))).toMatchObject({
      _tag: 'ChallengeNotFound',
    });
  });

  it('counts wrong codes down and locks on the fifth', async () => {
    const { consentry, lastCode } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(consentry.requestAccess(FAR, far));
    const wrong = String((Number(lastCode()) + 1) % 1_000_000).padStart(6, '0');
    for (const left of [4, 3, 2, 1]) {
      expect(await expectLeft(consentry.enterCode({ ...FAR, code: wrong }, far))).toMatchObject({
        _tag: 'CodeRejected',
        attemptsLeft: left,
      });
    }
    expect(await expectLeft(consentry.enterCode({ ...FAR, code: wrong }, far))).toMatchObject({
      _tag: 'ChallengeLocked',
    });
    expect(await expectLeft(consentry.enterCode({ ...FAR, code: lastCode() }, far))).toMatchObject({
      _tag: 'ChallengeLocked',
    });
  });

  it('expires after 10 minutes on the injected clock; a resend inside the window sends the same code', async () => {
    const { consentry, notifier, clock, lastCode } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(consentry.requestAccess(FAR, far));
    const first = lastCode();
    clock.advanceMinutes(9);
    const resent = await expectRight(consentry.resendCode(FAR, far));
    expect(resent.challenge.expiresAt).toBe('2026-07-01T09:10:00.000Z');
    expect(lastCode()).toBe(first);
    expect(notifier.messagesTo(MOBILE)).toHaveLength(2);
    clock.advanceMinutes(1);
    expect(await expectLeft(consentry.enterCode({ ...FAR, code: first }, far))).toMatchObject({
      _tag: 'ChallengeExpired',
    });
    expect(await expectLeft(consentry.resendCode(FAR, far))).toMatchObject({
      _tag: 'ChallengeExpired',
    });
  });

  it('allows 3 challenges per (patient, organisation) in 24 h, then RateLimited until the first leaves the window', async () => {
    const { consentry, clock } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    for (let i = 0; i < 3; i += 1) {
      expect(await expectRight(consentry.requestAccess(FAR, far))).toMatchObject({
        outcome: 'verify',
      });
      // a repeat while the challenge is open reuses it
      expect((await expectRight(consentry.requestAccess(FAR, far))).receipt.appended).toBe(2);
      clock.advanceMinutes(11);
    }
    expect(await expectLeft(consentry.requestAccess(FAR, far))).toMatchObject({
      _tag: 'RateLimited',
      scope: 'patient-organisation',
      retryAfter: '2026-07-02T09:00:00.000Z',
    });
    clock.set('2026-07-02T09:00:01Z');
    expect(await expectRight(consentry.requestAccess(FAR, far))).toMatchObject({
      outcome: 'verify',
    });
  });

  it('local organisation with no preference: ask-patient, then the in-person answer permits, and withdrawal asks again', async () => {
    const { consentry, notifier } = await world();
    const local = staffOf('leic-hospital');
    await expectRight(consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    expect(await expectRight(consentry.requestAccess(LOCAL, local))).toMatchObject({
      outcome: 'ask-patient',
    });
    await expectRight(consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local));
    expect(notifier.messagesTo(MOBILE).at(-1)?.subject).toBe(
      'Leicester Royal Infirmary can now see your record',
    );
    expect(await expectRight(consentry.requestAccess(LOCAL, local))).toMatchObject({
      outcome: 'permit',
      basis: 'sharing-in-consent',
    });
    await expectRight(consentry.withdrawConsent(LOCAL, patientActor('alice')));
    expect(await expectRight(consentry.checkAccess(LOCAL))).toMatchObject({
      outcome: 'ask-patient',
    });
  });

  it('emergency access permits, notifies the patient, raises an alert and shows in the access history', async () => {
    const { consentry, notifier } = await world();
    const decision = await expectRight(
      consentry.requestAccess(
        { ...FAR, purpose: 'ETREAT', justification: 'Unconscious in A&E' },
        far,
      ),
    );
    expect(decision).toMatchObject({
      outcome: 'permit',
      basis: 'emergency',
      until: '2026-07-02T09:00:00.000Z',
    });
    expect(notifier.messagesTo(MOBILE).map((m) => m.kind)).toEqual(['emergency-access']);
    const alerts = await expectRight(consentry.alerts({}));
    expect(alerts).toMatchObject([
      { kind: 'emergency-access', organisationId: 'cornwall-hospital', status: 'open' },
    ]);
    await expectRight(consentry.viewRecord(FAR, far));
    expect(
      (await expectRight(consentry.accessHistory({ patientId: 'alice' }))).entries.map(
        (e) => e.kind,
      ),
    ).toEqual(['emergency', 'viewed']);
    await expectRight(
      consentry.reviewAlert(
        { alertId: alerts[0]!.alertId, outcome: 'appropriate' },
        privacyOfficerOf('leic-practice'),
      ),
    );
    expect(await expectRight(consentry.alerts({}))).toEqual([]);
    expect(await expectRight(consentry.alerts({ status: 'reviewed' }))).toHaveLength(1);
  });

  it('self-claimed care raises an alert; refused attempts show in the history', async () => {
    const { consentry } = await world();
    expect((await expectRight(consentry.requestAccess(FAR, far))).outcome).toBe('deny');
    await expectRight(consentry.startCare({ ...FAR, selfClaimed: true, reason: 'walked in' }, far));
    expect(await expectRight(consentry.alerts({}))).toMatchObject([
      { kind: 'self-claimed-relationship', detail: 'walked in' },
    ]);
    const history = await expectRight(consentry.accessHistory({ patientId: 'alice' }));
    expect(history.refused).toMatchObject([
      { organisationId: 'cornwall-hospital', reason: 'no-care-relationship', purpose: 'TREAT' },
    ]);
    expect(history.entries).toEqual([]);
  });

  it('approve and refuse online through the portal', async () => {
    const { consentry, notifier } = await world();
    await expectRight(consentry.enrolPortal({ patientId: 'alice' }, patientActor('alice')));
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    expect(await expectRight(consentry.requestAccess(FAR, far))).toMatchObject({
      channels: ['sms', 'portal'],
    });
    expect(
      await expectRight(consentry.openChallenges({ organisationId: 'cornwall-hospital' })),
    ).toHaveLength(1);
    expect(await expectRight(consentry.refuseOnline(FAR, patientActor('alice')))).toMatchObject({
      outcome: 'deny',
      reason: 'patient-dissent',
    });
    expect(
      await expectRight(consentry.openChallenges({ organisationId: 'cornwall-hospital' })),
    ).toHaveLength(0);
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({
      outcome: 'deny',
      reason: 'patient-dissent',
    });
    // The patient changed their mind and told their practice: only they may lift the refusal.
    await expectRight(
      consentry.recordInPersonAnswer({ ...FAR, answer: 'consent' }, practiceStaff('leic-practice')),
    );
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({
      outcome: 'permit',
      basis: 'sharing-in-consent',
    });
    expect(notifier.messagesTo(MOBILE).map((m) => m.kind)).toEqual([
      'verification-code',
      'sharing-consent-recorded',
    ]);
  });

  it('looks patients up by NHS number and refuses a second registration of it', async () => {
    const { consentry } = await world();
    expect(
      await expectRight(consentry.findPatientByNhsNumber({ nhsNumber: '9434765919' })),
    ).toMatchObject({
      patientId: 'alice',
      mobile: MOBILE,
      preferredChannel: 'sms',
    });
    const again = {
      patientId: 'bob',
      nhsNumber: '9434765919',
      name: 'Bob',
      dateOfBirth: '1970-01-01',
      homeArea: 'leicestershire',
      practiceId: 'leic-practice',
    };
    expect(await expectLeft(consentry.registerPatient(again, system))).toMatchObject({
      _tag: 'Conflict',
    });
    expect(
      await expectLeft(consentry.findPatientByNhsNumber({ nhsNumber: '9434765918' })),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'nhsNumber' });
  });

  it('sharing summary lists choices and who can see the record now', async () => {
    const { consentry } = await world();
    await expectRight(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'allow', setBy: 'patient' },
        patientActor('alice'),
      ),
    );
    await expectRight(consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.setSharingPreference(
        { ...FAR, preference: 'deny', setBy: 'practice' },
        practiceStaff('leic-practice'),
      ),
    );
    const summary = await expectRight(consentry.sharingSummary({ patientId: 'alice' }));
    expect(summary.preferences).toHaveLength(2);
    expect(summary.canSeeNow).toEqual([
      { organisationId: 'leic-practice', basis: 'registered-practice' },
      { organisationId: 'leic-hospital', basis: 'patient-consent' },
    ]);
  });
});

describe('createConsentry: optional fields', () => {
  it('an optional field given as undefined is "not given": contact details keep the mobile', async () => {
    const { consentry } = await world();
    const input = { patientId: 'alice', mobile: undefined, email: 'alice@example.org' };
    await expectRight(consentry.recordContactDetails(input as never, patientActor('alice')));
    expect(await expectRight(consentry.patient({ patientId: 'alice' }))).toMatchObject({
      mobile: MOBILE,
      email: 'alice@example.org',
      preferredChannel: 'sms',
    });
  });
});

describe('createConsentry: refusals', () => {
  it('bad input is InvalidInput naming the field, and appends nothing', async () => {
    const { consentry, eventStore } = await world();
    const before = (await expectRight(eventStore.readAll())).events.length;
    expect(
      await expectLeft(
        consentry.recordContactDetails(
          { patientId: 'alice', mobile: '01162 123456' },
          patientActor('alice'),
        ),
      ),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'mobile' });
    expect(
      await expectLeft(
        consentry.recordContactDetails(
          { patientId: 'alice', email: 'not-an-email' },
          patientActor('alice'),
        ),
      ),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'email' });
    expect(
      await expectLeft(
        consentry.registerPatient(
          {
            nhsNumber: '1234567890',
            name: 'X',
            dateOfBirth: '1980-01-01',
            homeArea: 'leicestershire',
            practiceId: 'leic-practice',
          },
          system,
        ),
      ),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'nhsNumber' });
    expect(
      await expectLeft(consentry.requestAccess({ ...FAR, purpose: 'LOOK' as 'TREAT' }, far)),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'purpose' });
    expect(
      await expectLeft(consentry.startCare({ organisationId: 'cornwall-hospital' } as never, far)),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'patientId' });
    expect(await expectLeft(consentry.enterCode({ ...FAR, code: 'abc' }, far))).toMatchObject({
      _tag: 'InvalidInput',
      field: 'code',
    });
    expect(
      await expectLeft(consentry.startCare(FAR, { actor: { kind: 'robot' } } as never)),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'context.actor.kind' });
    expect(
      await expectLeft(
        consentry.recordContactDetails(
          { patientId: 'alice', preferredChannel: 'email' },
          patientActor('alice'),
        ),
      ),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'preferredChannel' });
    expect((await expectRight(eventStore.readAll())).events.length).toBe(before);
  });

  it('unknown parties, wrong actors, no open challenge', async () => {
    const { consentry } = await world();
    expect(
      await expectLeft(
        consentry.requestAccess({ patientId: 'nobody', organisationId: 'cornwall-hospital' }, far),
      ),
    ).toMatchObject({ _tag: 'UnknownPatient' });
    expect(
      await expectLeft(
        consentry.startCare(
          { patientId: 'alice', organisationId: 'mars-clinic' },
          staffOf('mars-clinic'),
        ),
      ),
    ).toMatchObject({ _tag: 'UnknownOrganisation' });
    expect(await expectLeft(consentry.requestAccess(FAR, staffOf('leic-hospital')))).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(await expectLeft(consentry.withdrawConsent(FAR, patientActor('bob')))).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(await expectLeft(consentry.enterCode({ ...FAR, code: '123456' }, far))).toMatchObject({
      _tag: 'ChallengeNotFound',
    });
    expect(await expectLeft(consentry.viewRecord(FAR, far))).toMatchObject({
      _tag: 'NotPermitted',
      decision: { outcome: 'deny' },
    });
  });
});
