import { expectLeft, expectRight } from '../testing/expectEither.js';
import { isVersionConflict } from '../eventStore/errors.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { streams } from '../shared/streams.js';
import {
  MOBILE,
  feedOf,
  patientActor,
  practiceStaff,
  privacyOfficerOf,
  staffOf,
  system,
  world,
} from './__fixtures__/world.js';
import { createConsentry } from './createConsentry.js';

const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' } as const;
const LOCAL = { patientId: 'alice', organisationId: 'leic-hospital' } as const;
const far = staffOf('cornwall-hospital');
const local = staffOf('leic-hospital');

describe('the trust model through the facade (docs/facade-api.md, "Who may act")', () => {
  it('an out-of-area organisation cannot record its own yes: NotPermitted with the decision, nothing changes, a trace is left', async () => {
    const { consentry, eventStore } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    const consentStream = async () =>
      (await expectRight(eventStore.readStream(streams.consent('alice')))).events.length;
    const before = await consentStream();
    expect(
      await expectLeft(consentry.recordInPersonAnswer({ ...FAR, answer: 'consent' }, far)),
    ).toMatchObject({ _tag: 'NotPermitted', decision: { outcome: 'verify' } });
    expect(
      await expectLeft(
        consentry.setSharingPreference({ ...FAR, preference: 'allow', setBy: 'organisation' }, far),
      ),
    ).toMatchObject({ _tag: 'NotPermitted', decision: { outcome: 'verify' } });
    expect(await consentStream()).toBe(before);
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'verify' });
    expect(await expectRight(consentry.refusedCommands({ patientId: 'alice' }))).toMatchObject([
      { command: 'recordInPersonAnswer', organisationId: 'cornwall-hospital', outcome: 'verify' },
      { command: 'setSharingPreference', organisationId: 'cornwall-hospital', outcome: 'verify' },
    ]);
    expect((await expectRight(consentry.accessHistory({ patientId: 'alice' }))).entries).toEqual(
      [],
    );
  });

  it('a local organisation records the in-person yes while asking is allowed, and the patient is told', async () => {
    const { consentry, notifier } = await world();
    await expectRight(consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    expect(await expectRight(consentry.checkAccess(LOCAL))).toMatchObject({
      outcome: 'ask-patient',
    });
    await expectRight(
      consentry.setSharingPreference(
        { ...LOCAL, preference: 'allow', setBy: 'organisation' },
        local,
      ),
    );
    expect(await expectRight(consentry.checkAccess(LOCAL))).toMatchObject({
      outcome: 'permit',
      basis: 'patient-consent',
    });
    expect(notifier.messagesTo(MOBILE).map((m) => m.kind)).toEqual(['sharing-consent-recorded']);
    // Recording it again changes nothing and is allowed.
    await expectRight(consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local));
  });

  it("the patient's no stands: no organisation lifts it, the patient and their practice can", async () => {
    const { consentry } = await world();
    await expectRight(consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'deny', setBy: 'patient' },
        patientActor('alice'),
      ),
    );
    for (const attempt of [
      consentry.setSharingPreference(
        { ...LOCAL, preference: 'allow', setBy: 'organisation' },
        local,
      ),
      consentry.recordInPersonAnswer({ ...LOCAL, answer: 'consent' }, local),
      consentry.clearSharingPreference({ patientId: 'alice' }, local),
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'allow', setBy: 'organisation' },
        local,
      ),
    ])
      expect(await expectLeft(attempt)).toMatchObject({ _tag: 'NotPermitted' });
    expect(await expectRight(consentry.checkAccess(LOCAL))).toMatchObject({ outcome: 'deny' });
    // Any organisation may still record a no.
    await expectRight(consentry.recordInPersonAnswer({ ...LOCAL, answer: 'dissent' }, local));
    await expectRight(
      consentry.clearSharingPreference({ patientId: 'alice' }, practiceStaff('leic-practice')),
    );
    await expectRight(
      consentry.recordInPersonAnswer(
        { ...LOCAL, answer: 'consent' },
        practiceStaff('leic-practice'),
      ),
    );
    expect(await expectRight(consentry.checkAccess(LOCAL))).toMatchObject({ outcome: 'permit' });
  });

  it('three refused attempts by one organisation in 24 h raise one alert, reviewed only by a privacy officer who did not cause it', async () => {
    const { consentry } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    for (let i = 0; i < 4; i += 1) await expectLeft(consentry.viewRecord(FAR, far));
    const [alert, ...others] = await expectRight(consentry.alerts({}));
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      kind: 'repeated-refusals',
      patientId: 'alice',
      organisationId: 'cornwall-hospital',
      raisedBy: far.actor,
    });
    expect((await expectRight(consentry.accessHistory({ patientId: 'alice' }))).entries).toEqual(
      [],
    );
    const review = { alertId: alert!.alertId, outcome: 'inappropriate' } as const;
    expect(
      await expectLeft(consentry.reviewAlert(review, staffOf('cornwall-hospital'))),
    ).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(
      await expectLeft(consentry.reviewAlert(review, privacyOfficerOf('leic-hospital'))),
    ).toMatchObject({
      _tag: 'NotPermitted',
    });
    await expectRight(consentry.reviewAlert(review, privacyOfficerOf('cornwall-hospital')));
    expect(await expectRight(consentry.alerts({}))).toEqual([]);
  });

  it('fifty concurrent writers on one patient in one process all complete: no Busy, not even a lost race', async () => {
    let conflicts = 0;
    const store = inMemoryEventStore();
    const counting: typeof store = {
      ...store,
      appendToStream: (stream, events, options) => async () => {
        const result = await store.appendToStream(stream, events, options)();
        if (result._tag === 'Left' && isVersionConflict(result.left)) conflicts += 1;
        return result;
      },
    };
    const { consentry } = await world({ store: counting });
    await expectRight(consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0
          ? consentry.requestAccess(LOCAL, local)
          : consentry.setSharingPreference(
              {
                ...FAR,
                preference: i % 4 === 1 ? 'deny' : 'require-verification',
                setBy: 'patient',
              },
              patientActor('alice'),
            ))(),
      ),
    );
    expect(results.filter((r) => r._tag === 'Left')).toEqual([]);
    // They queued instead of racing: optimistic retries are left for other processes.
    expect(conflicts).toBe(0);
  });

  it('one patient per NHS number across two hosts registering at once: one wins, the rest are Conflict naming it', async () => {
    const { consentry, eventStore, clock, keyring } = await world();
    const hosts = [
      consentry,
      createConsentry({ eventStore, notifier: capturingNotifier(), clock, keyring }),
    ];
    const details = {
      nhsNumber: '485 777 3457',
      name: 'Bob Jones',
      dateOfBirth: '1975-05-06',
      homeArea: 'leicestershire',
      practiceId: 'leic-practice',
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        hosts[i % 2]!.registerPatient({ ...details, patientId: `bob-${i}` }, system)(),
      ),
    );
    const won = results.flatMap((r) => (r._tag === 'Right' ? [r.right.patientId] : []));
    expect(won).toHaveLength(1);
    for (const r of results)
      if (r._tag === 'Left') expect(r.left).toMatchObject({ _tag: 'Conflict', existing: won[0] });
    // The reservation's stream name never holds the number.
    const names = (await expectRight(eventStore.readAll())).events.map((e) => e.streamName);
    expect(names.filter((n) => n.includes('4857773457'))).toEqual([]);
  });

  it('at most 3 resends per challenge and 10 code messages per patient in 24 h; then the portal alone', async () => {
    const { consentry, notifier, org, clock } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(consentry.requestAccess(FAR, far));
    for (let i = 0; i < 3; i += 1) await expectRight(consentry.resendCode(FAR, far));
    expect(await expectLeft(consentry.resendCode(FAR, far))).toMatchObject({
      _tag: 'RateLimited',
      scope: 'challenge-resends',
    });
    // Four messages so far; six more organisations each send one: ten in 24 h.
    const ask = async (id: string, purpose: 'TREAT' | 'ETREAT' = 'TREAT') => {
      await org(id, 'hospital', 'cornwall');
      await expectRight(
        consentry.startCare({ patientId: 'alice', organisationId: id }, feedOf(id)),
      );
      const pair = { patientId: 'alice', organisationId: id };
      return purpose === 'TREAT'
        ? consentry.requestAccess(pair, staffOf(id))
        : consentry.requestAccess(
            { ...pair, purpose, justification: 'unconscious after a fall' },
            staffOf(id),
          );
    };
    for (let i = 0; i < 6; i += 1)
      expect(await expectRight(await ask(`far-${i}`))).toMatchObject({
        challenge: { channel: 'sms' },
      });
    const codes = () => notifier.messagesTo(MOBILE).filter((m) => m.kind === 'verification-code');
    expect(codes()).toHaveLength(10);
    expect(await expectLeft(await ask('far-6'))).toMatchObject({
      _tag: 'RateLimited',
      scope: 'patient-messages',
    });
    // With the portal the request still reaches the patient, with no message.
    await expectRight(consentry.enrolPortal({ patientId: 'alice' }, patientActor('alice')));
    expect(await expectRight(await ask('far-7'))).toMatchObject({
      outcome: 'verify',
      challenge: { channel: 'portal', channels: ['portal'] },
    });
    expect(codes()).toHaveLength(10);
    // Emergency notices are never limited.
    expect(await expectRight(await ask('far-8', 'ETREAT'))).toMatchObject({ basis: 'emergency' });
    expect(notifier.messagesTo(MOBILE).filter((m) => m.kind === 'emergency-access')).toHaveLength(
      1,
    );
    // A day later the limit has lifted.
    clock.advance(24 * 3_600_000);
    expect(await expectRight(await ask('far-9'))).toMatchObject({ challenge: { channel: 'sms' } });
  });

  it('an emergency justification of "." or of zero-width spaces, a date of birth to come, a practice listing itself: InvalidInput, nothing appended', async () => {
    const { consentry, eventStore } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    const before = (await expectRight(eventStore.readAll())).events.length;
    for (const justification of [
      '.',
      '\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b',
      ' a  b  c ',
      'short one',
    ])
      expect(
        await expectLeft(
          consentry.requestAccess({ ...FAR, purpose: 'ETREAT', justification }, far),
        ),
      ).toMatchObject({ _tag: 'InvalidInput', field: 'justification' });
    expect(
      await expectLeft(
        consentry.registerPatient(
          {
            nhsNumber: '485 777 3457',
            name: 'Bob Jones',
            dateOfBirth: '2099-01-01',
            homeArea: 'leicestershire',
            practiceId: 'leic-practice',
          },
          system,
        ),
      ),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'dateOfBirth' });
    expect(
      await expectLeft(
        consentry.prohibitOrganisation(
          { practiceId: 'leic-practice', organisationId: 'leic-practice' },
          practiceStaff('leic-practice'),
        ),
      ),
    ).toMatchObject({ _tag: 'InvalidInput', field: 'organisationId' });
    expect((await expectRight(eventStore.readAll())).events.length).toBe(before);
    expect(
      await expectRight(
        consentry.requestAccess(
          { ...FAR, purpose: 'ETREAT', justification: 'unconscious, no relatives' },
          far,
        ),
      ),
    ).toMatchObject({ outcome: 'permit', basis: 'emergency' });
  });

  it('care: the feed starts it quietly, staff only by a self-claim with a reason, or by referral from a carer', async () => {
    const { consentry } = await world();
    expect(await expectLeft(consentry.startCare(FAR, far))).toMatchObject({ _tag: 'NotPermitted' });
    expect(await expectLeft(consentry.startCare({ ...FAR, selfClaimed: true }, far))).toMatchObject(
      {
        _tag: 'InvalidInput',
        field: 'reason',
      },
    );
    // A referral from the registered practice: no alert.
    await expectRight(
      consentry.referCare(
        { patientId: 'alice', from: 'leic-practice', to: 'leic-hospital' },
        practiceStaff('leic-practice'),
      ),
    );
    // Cornwall claims care by hand: an alert; until it is reviewed it cannot refer on.
    await expectRight(consentry.startCare({ ...FAR, selfClaimed: true, reason: 'walked in' }, far));
    expect(
      await expectLeft(
        consentry.referCare(
          { patientId: 'alice', from: 'cornwall-hospital', to: 'leic-hospital' },
          far,
        ),
      ),
    ).toMatchObject({ _tag: 'NotPermitted' });
    expect(
      await expectLeft(
        consentry.referCare(
          { patientId: 'alice', from: 'leic-hospital', to: 'leic-hospital' },
          local,
        ),
      ),
    ).toMatchObject({ _tag: 'NotPermitted' });
    const alerts = await expectRight(consentry.alerts({}));
    expect(alerts.map((a) => a.kind)).toEqual(['self-claimed-relationship']);
    // Its reviewer is never the person who raised it.
    const raiser = {
      actor: { kind: 'privacy-officer', id: far.actor.id, organisationId: 'cornwall-hospital' },
    } as const;
    expect(
      await expectLeft(
        consentry.reviewAlert({ alertId: alerts[0]!.alertId, outcome: 'appropriate' }, raiser),
      ),
    ).toMatchObject({ _tag: 'NotPermitted' });
    await expectRight(
      consentry.reviewAlert(
        { alertId: alerts[0]!.alertId, outcome: 'appropriate' },
        privacyOfficerOf('leic-practice'),
      ),
    );
    await expectRight(
      consentry.referCare(
        { patientId: 'alice', from: 'cornwall-hospital', to: 'leic-hospital' },
        far,
      ),
    );
  });

  it("the practice's allow for all tells the patient of each organisation it newly opens the record to", async () => {
    const { consentry, notifier } = await world();
    await expectRight(consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'allow', setBy: 'practice' },
        practiceStaff('leic-practice'),
      ),
    );
    expect(
      notifier
        .messagesTo(MOBILE)
        .filter((m) => m.kind === 'sharing-consent-recorded')
        .map((m) => m.personalisation['organisation'])
        .sort(),
    ).toEqual(['Leicester Royal Infirmary', 'Royal Cornwall Hospital']);
    // Setting it again opens nothing new, and tells nothing.
    await expectRight(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'allow', setBy: 'practice' },
        practiceStaff('leic-practice'),
      ),
    );
    expect(notifier.messagesTo(MOBILE)).toHaveLength(2);
  });
});
