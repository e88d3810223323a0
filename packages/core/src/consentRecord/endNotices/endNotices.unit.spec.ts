import { expectLeft, expectRight } from '../../testing/expectEither.js';
import {
  feedOf,
  testKeyring,
  MOBILE,
  patientActor,
  practiceStaff,
  staffOf,
  system,
  world,
} from '../../application/__fixtures__/world.js';
import { LILY, SAM_MOBILE, familyWorld, proxyActor, sam } from '../proxy/__fixtures__/family.js';
import { createConsentry } from '../../application/createConsentry.js';
import { streams } from '../../shared/streams.js';
import { capturingNotifier } from '../../testing/capturingNotifier.js';

const alice = patientActor('alice');
const ENDS = '2026-07-08T09:00:00Z';
const allowFar = {
  patientId: 'alice',
  organisationId: 'cornwall-hospital',
  preference: 'allow',
  setBy: 'patient',
  until: ENDS,
} as const;

const ended = (notifier: { sent(): readonly { kind: string; to: string; body: string }[] }) =>
  notifier.sent().filter((m) => m.kind === 'consent-ended');

describe('notices that a time-limited consent ended (docs/facade-api.md, runMaintenance)', () => {
  it('told once, after the end, only because the patient asked; a second sweep appends nothing', async () => {
    const { consentry, notifier, clock, eventStore } = await world();
    expect(await expectRight(consentry.endNotices({ patientId: 'alice' }))).toEqual({
      patientId: 'alice',
      tell: false,
    });
    await expectRight(consentry.chooseEndNotices({ patientId: 'alice', tell: true }, alice));
    expect(await expectRight(consentry.endNotices({ patientId: 'alice' }))).toEqual({
      patientId: 'alice',
      tell: true,
      askedAt: '2026-07-01T09:00:00.000Z',
    });
    await expectRight(consentry.setSharingPreference(allowFar, alice));

    // Before the end: nothing.
    clock.set('2026-07-08T08:59:59Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      consentEndsNoticed: 0,
    });
    expect(ended(notifier)).toEqual([]);

    clock.set('2026-07-09T03:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toEqual({
      patientsChecked: 1,
      patientsNoticed: 1,
      consentEndsNoticed: 1,
      proxyEndsNoticed: 0,
      undelivered: 0,
      skipped: 0,
    });
    expect(ended(notifier)).toMatchObject([
      {
        to: MOBILE,
        body: expect.stringContaining(
          'Your agreement for Royal Cornwall Hospital to see your shared GP record ended at 10am on 8 July 2026',
        ) as unknown,
      },
    ]);

    const version = (await expectRight(eventStore.readStream(streams.consent('alice'))))
      .currentVersion;
    clock.set('2026-07-10T03:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      patientsChecked: 0,
      consentEndsNoticed: 0,
    });
    expect(
      (await expectRight(eventStore.readStream(streams.consent('alice')))).currentVersion,
    ).toBe(version);
    expect(ended(notifier)).toHaveLength(1);
  });

  it('not told when the patient did not ask, asked not to be, or asked only after it had ended', async () => {
    const { consentry, notifier, clock } = await world();
    await expectRight(consentry.setSharingPreference(allowFar, alice));
    await expectRight(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'allow', setBy: 'patient', until: ENDS },
        alice,
      ),
    );
    clock.set('2026-07-09T00:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      consentEndsNoticed: 0,
    });
    // Asking now does not send a backlog of consents that had already ended.
    await expectRight(consentry.chooseEndNotices({ patientId: 'alice', tell: true }, alice));
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      consentEndsNoticed: 0,
    });
    // A new time-limited consent after asking, then "stop telling me" before it ends: nothing.
    await expectRight(
      consentry.setSharingPreference({ ...allowFar, until: '2026-07-10T00:00:00Z' }, alice),
    );
    await expectRight(consentry.chooseEndNotices({ patientId: 'alice', tell: false }, alice));
    clock.set('2026-07-11T00:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      consentEndsNoticed: 0,
    });
    expect(ended(notifier)).toEqual([]);
  });

  it('a sharing-in consent and the preference for all, each told once; renewing is a new consent', async () => {
    const { consentry, notifier, clock } = await world();
    await expectRight(
      consentry.chooseEndNotices(
        { patientId: 'alice', tell: true },
        practiceStaff('leic-practice'),
      ),
    );
    await expectRight(
      consentry.startCare(
        { patientId: 'alice', organisationId: 'leic-hospital' },
        feedOf('leic-hospital'),
      ),
    );
    await expectRight(
      consentry.recordInPersonAnswer(
        { patientId: 'alice', organisationId: 'leic-hospital', answer: 'consent', until: ENDS },
        staffOf('leic-hospital'),
      ),
    );
    await expectRight(
      consentry.setSharingPreference(
        { patientId: 'alice', preference: 'allow', setBy: 'patient', until: ENDS },
        alice,
      ),
    );
    clock.set('2026-07-08T09:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      consentEndsNoticed: 2,
    });
    expect(ended(notifier).map((m) => m.body.split(' to see')[0])).toEqual([
      'Your agreement for Leicester Royal Infirmary',
      'Your agreement for all organisations',
    ]);
    // Agreed again with a later end: a new consent, told when it ends in turn.
    await expectRight(
      consentry.setSharingPreference(
        {
          patientId: 'alice',
          preference: 'allow',
          setBy: 'patient',
          until: '2026-08-01T00:00:00Z',
        },
        alice,
      ),
    );
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      consentEndsNoticed: 0,
    });
    clock.set('2026-08-01T00:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      consentEndsNoticed: 1,
    });
    expect(ended(notifier)).toHaveLength(3);
  });

  it('two hosts sweeping the same store at once record each notice once and send one message', async () => {
    const { consentry, clock, eventStore, notifier } = await world();
    await expectRight(consentry.chooseEndNotices({ patientId: 'alice', tell: true }, alice));
    await expectRight(consentry.setSharingPreference(allowFar, alice));
    clock.set('2026-07-09T00:00:00Z');
    // A second host: its own facade, queue, read model and notifier, on the same store.
    const otherNotifier = capturingNotifier();
    const other = createConsentry({
      eventStore,
      notifier: otherNotifier,
      clock,
      keyring: testKeyring(),
    });
    const [a, b] = await Promise.all([
      expectRight(consentry.runMaintenance({}, system)),
      expectRight(other.runMaintenance({}, system)),
    ]);
    expect(a.consentEndsNoticed + b.consentEndsNoticed).toBe(1);
    const events = (await expectRight(eventStore.readStream(streams.consent('alice')))).events;
    expect(events.filter((e) => e.type === 'ConsentEndNoticed')).toHaveLength(1);
    expect([...ended(notifier), ...ended(otherNotifier)]).toHaveLength(1);
  });

  it('the decision never waits for the sweep: the consent has ended whether or not it ran', async () => {
    const { consentry, clock } = await world();
    await expectRight(consentry.chooseEndNotices({ patientId: 'alice', tell: true }, alice));
    await expectRight(consentry.setSharingPreference(allowFar, alice));
    const check = { patientId: 'alice', organisationId: 'cornwall-hospital' } as const;
    await expectRight(consentry.startCare(check, feedOf('cornwall-hospital')));
    expect((await expectRight(consentry.checkAccess(check))).outcome).toBe('permit');
    clock.set(ENDS);
    expect((await expectRight(consentry.checkAccess(check))).outcome).not.toBe('permit');
  });

  it('attacks: only the host sweeps; nobody but the patient, their practice or their proxy stops the patient being told', async () => {
    const { consentry, eventStore } = await world();
    const before = (await expectRight(eventStore.readStream(streams.consent('alice'))))
      .currentVersion;
    for (const actor of [
      staffOf('cornwall-hospital'),
      feedOf('cornwall-hospital'),
      practiceStaff('other-practice'),
      system,
      patientActor('bob'),
      proxyActor('eve', 'alice'),
    ])
      expect(
        await expectLeft(consentry.chooseEndNotices({ patientId: 'alice', tell: false }, actor)),
      ).toMatchObject({ _tag: 'NotPermitted' });
    for (const actor of [alice, practiceStaff('leic-practice'), staffOf('leic-hospital')])
      expect(await expectLeft(consentry.runMaintenance({}, actor))).toMatchObject({
        _tag: 'NotPermitted',
      });
    expect(
      (await expectRight(eventStore.readStream(streams.consent('alice')))).currentVersion,
    ).toBe(before);
    expect(
      await expectLeft(consentry.chooseEndNotices({ patientId: 'alice' } as never, alice)),
    ).toMatchObject({
      _tag: 'InvalidInput',
    });
  });
});

describe("notices that a proxy's access ended (issue 21's maintenance run)", () => {
  it('a proxy without manage-sharing may not choose for the patient (nor stop them being told)', async () => {
    const { consentry } = await familyWorld({ scope: ['receive-codes', 'see-access-history'] });
    expect(
      await expectLeft(consentry.chooseEndNotices({ patientId: LILY, tell: false }, sam)),
    ).toMatchObject({
      _tag: 'NotPermitted',
      message: expect.stringContaining('manage-sharing') as unknown,
    });
  });

  it("a parent's access ends on the 16th birthday: the patient is told once, whatever they chose", async () => {
    const { consentry, notifier, clock } = await familyWorld({}, '2010-07-03');
    await expectRight(
      consentry.recordContactDetails(
        { patientId: LILY, mobile: '07700 900789' },
        patientActor(LILY),
      ),
    );
    // A proxy with manage-sharing may choose for the patient (as the patient).
    await expectRight(consentry.chooseEndNotices({ patientId: LILY, tell: true }, sam));
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      proxyEndsNoticed: 0,
    });
    clock.set('2026-07-03T00:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      proxyEndsNoticed: 1,
      consentEndsNoticed: 0,
    });
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      proxyEndsNoticed: 0,
    });
    const told = notifier.sent().filter((m) => m.kind === 'proxy-access-ended');
    expect(told).toMatchObject([{ to: '+447700900789' }]);
    expect(told[0]?.body).toContain('The access your parent had');
    expect(notifier.messagesTo(SAM_MOBILE).filter((m) => m.kind === 'proxy-access-ended')).toEqual(
      [],
    );
  });

  it('a proxy grant past its end date is noticed; a revoked one is not', async () => {
    const { consentry, clock } = await familyWorld({ until: '2026-07-05T00:00:00Z' });
    await expectRight(
      consentry.grantProxy(
        {
          patientId: LILY,
          proxyId: 'gran',
          relationship: 'carer',
          evidence: 'ref 2',
          until: '2026-07-04T00:00:00Z',
        },
        practiceStaff('leic-practice'),
      ),
    );
    await expectRight(
      consentry.revokeProxy({ patientId: LILY, proxyId: 'gran' }, practiceStaff('leic-practice')),
    );
    clock.set('2026-07-06T00:00:00Z');
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      proxyEndsNoticed: 1,
    });
    expect(await expectRight(consentry.runMaintenance({}, system))).toMatchObject({
      proxyEndsNoticed: 0,
    });
  });
});
