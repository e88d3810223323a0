import { expectLeft, expectRight } from '../testing/expectEither.js';
import { accessAsOf } from '../audit/asOf.js';
import { historyAsOf } from '../audit/history.js';
import {
  feedOf,
  patientActor,
  practiceStaff,
  privacyOfficerOf,
  staffOf,
  world,
} from '../application/__fixtures__/world.js';

const entries = [
  { entryId: 'gp-1', organisationId: 'leic-practice', recordedAt: '2026-06-01T10:00:00.000Z' },
  {
    entryId: 'gp-2',
    organisationId: 'leic-practice',
    recordedAt: '2026-06-02T10:00:00.000Z',
    label: 'sexual-health',
  },
  { entryId: 'ward-1', organisationId: 'leic-hospital', recordedAt: '2026-06-03T10:00:00.000Z' },
];
const pair = { patientId: 'alice', organisationId: 'cornwall-hospital' };

/** Alice on holiday: Cornwall has her code, the practice shares out, nothing else. */
const holiday = async () => {
  const w = await world();
  const { consentry } = w;
  await expectRight(consentry.startCare(pair, feedOf('cornwall-hospital')));
  await expectRight(consentry.requestAccess(pair, staffOf('cornwall-hospital')));
  await expectRight(
    consentry.enterCode({ ...pair, code: w.lastCode() }, staffOf('cornwall-hospital')),
  );
  await expectRight(
    consentry.recordSharingOutConsent(
      { patientId: 'alice', organisationId: 'leic-practice', answer: 'consent' },
      patientActor('alice'),
    ),
  );
  return w;
};
const seen = async (w: Awaited<ReturnType<typeof world>>) =>
  (await expectRight(w.consentry.sharedEntries({ ...pair, entries }))).visible.map(
    (e) => e.entryId,
  );

describe('sharedEntries and consentToLabel through the facade', () => {
  it("given the patient's consent for the label and organisation, then the sensitive entry shows", async () => {
    const w = await holiday();
    const before = await expectRight(w.consentry.sharedEntries({ ...pair, entries }));
    expect(before.visible.map((e) => e.entryId)).toEqual(['gp-1']);
    expect(before.withheld.map((v) => [v.entry.entryId, v.reason])).toEqual([
      ['gp-2', 'sensitive'],
      ['ward-1', 'sharing-out-not-agreed'],
    ]);
    await expectRight(
      w.consentry.consentToLabel({ ...pair, label: 'sexual-health' }, patientActor('alice')),
    );
    expect(await seen(w)).toEqual(['gp-1', 'gp-2']);
  });

  it('the practice may consent for the patient', async () => {
    const w = await holiday();
    await expectRight(
      w.consentry.consentToLabel(
        { ...pair, label: 'sexual-health' },
        practiceStaff('leic-practice'),
      ),
    );
    expect(await seen(w)).toEqual(['gp-1', 'gp-2']);
  });

  it.each([
    ['its own staff', staffOf('cornwall-hospital')],
    ['its system feed', feedOf('cornwall-hospital')],
    ['its privacy officer', privacyOfficerOf('cornwall-hospital')],
    ['staff of another practice', practiceStaff('leic-hospital')],
    ['another patient', patientActor('bob')],
  ])(
    'attack: %s cannot open sensitive entries to the organisation, and nothing changes',
    async (_, ctx) => {
      const w = await holiday();
      const refused = await expectLeft(
        w.consentry.consentToLabel({ ...pair, label: 'sexual-health' }, ctx),
      );
      expect(refused._tag).toBe('NotPermitted');
      expect(await seen(w)).toEqual(['gp-1']);
      const trace = await expectRight(w.consentry.refusedCommands({ patientId: 'alice' }));
      expect(trace.map((r) => r.command)).toContain('consentToLabel');
    },
  );

  it('a label policy does not treat as sensitive is InvalidInput and records nothing', async () => {
    const w = await holiday();
    const refused = await expectLeft(
      w.consentry.consentToLabel({ ...pair, label: 'dermatology' }, patientActor('alice')),
    );
    expect(refused._tag).toBe('InvalidInput');
    const summary = await expectRight(w.consentry.sharingSummary({ patientId: 'alice' }));
    expect(summary.labelConsents).toEqual([]);
  });

  it('without a permit the organisation sees nothing recorded elsewhere', async () => {
    const w = await world();
    const d = await expectRight(w.consentry.sharedEntries({ ...pair, entries }));
    expect(d.decision.outcome).toBe('deny');
    expect(d.visible).toEqual([]);
  });
});

describe('consent that ends, by every route', () => {
  const DAY = 24 * 3_600_000;
  const until = '2026-07-02T09:00:00.000Z';

  it('a code entered with an end date permits until then, and not after; the summary shows it', async () => {
    const w = await world();
    const { consentry } = w;
    await expectRight(consentry.startCare(pair, feedOf('cornwall-hospital')));
    await expectRight(consentry.requestAccess(pair, staffOf('cornwall-hospital')));
    await expectRight(
      consentry.enterCode({ ...pair, code: w.lastCode(), until }, staffOf('cornwall-hospital')),
    );
    const summary = await expectRight(consentry.sharingSummary({ patientId: 'alice' }));
    expect(summary.sharingIn).toEqual([
      expect.objectContaining({ organisationId: 'cornwall-hospital', until }),
    ]);
    expect(await expectRight(consentry.checkAccess(pair))).toMatchObject({
      basis: 'sharing-in-consent',
    });
    w.clock.advance(DAY);
    expect((await expectRight(consentry.checkAccess(pair))).outcome).toBe('verify');
    expect((await expectLeft(consentry.viewRecord(pair, staffOf('cornwall-hospital'))))._tag).toBe(
      'NotPermitted',
    );
    // The audit's as-of view agrees: in force the day before, not after.
    const events = (await expectRight(w.eventStore.readAll({ batchSize: 100_000 }))).events;
    const inForce = (at: Date) =>
      Object.keys(
        accessAsOf(historyAsOf(events, at), 'alice', at, {
          emergencyWindowHours: 24,
          emergencyOverridesDissent: true,
        })!.choices.sharingIn,
      );
    expect(inForce(new Date(Date.parse(until) - 1000))).toEqual(['cornwall-hospital']);
    expect(inForce(w.clock.now())).toEqual([]);
  });

  it('an online approval and an in-person answer carry an end date too', async () => {
    const w = await world();
    const { consentry } = w;
    await expectRight(consentry.enrolPortal({ patientId: 'alice' }, patientActor('alice')));
    await expectRight(consentry.startCare(pair, feedOf('cornwall-hospital')));
    await expectRight(consentry.requestAccess(pair, staffOf('cornwall-hospital')));
    await expectRight(consentry.approveOnline({ ...pair, until }, patientActor('alice')));
    const local = { patientId: 'alice', organisationId: 'leic-hospital' };
    await expectRight(consentry.startCare(local, feedOf('leic-hospital')));
    await expectRight(
      consentry.recordInPersonAnswer(
        { ...local, answer: 'consent', until },
        staffOf('leic-hospital'),
      ),
    );
    expect(await expectRight(consentry.checkAccess(local))).toMatchObject({
      basis: 'sharing-in-consent',
    });
    w.clock.advance(DAY);
    expect((await expectRight(consentry.checkAccess(pair))).outcome).toBe('verify');
    expect((await expectRight(consentry.checkAccess(local))).outcome).toBe('ask-patient');
  });

  it('an end date in the past, or on a "no", is InvalidInput', async () => {
    const w = await world();
    const local = { patientId: 'alice', organisationId: 'leic-hospital' };
    await expectRight(w.consentry.startCare(local, feedOf('leic-hospital')));
    const past = await expectLeft(
      w.consentry.recordInPersonAnswer(
        { ...local, answer: 'consent', until: '2026-06-01T00:00:00.000Z' },
        staffOf('leic-hospital'),
      ),
    );
    expect(past._tag).toBe('InvalidInput');
    const no = await expectLeft(
      w.consentry.recordInPersonAnswer(
        { ...local, answer: 'dissent', until },
        staffOf('leic-hospital'),
      ),
    );
    expect(no._tag).toBe('InvalidInput');
  });
});
