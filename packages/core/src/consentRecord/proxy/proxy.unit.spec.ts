import { expectLeft, expectRight } from '../../testing/expectEither.js';
import { feedOf, patientActor, staffOf } from '../../application/__fixtures__/world.js';
import { patientReport } from '../../audit/patientReport.js';
import { streams } from '../../shared/streams.js';
import { LILY, SAM_MOBILE, familyWorld, practice, proxyActor, sam } from './__fixtures__/family.js';

/** The refusal's message says this (jest's matcher is typed `any`). */
const saying = (text: string): unknown => expect.stringContaining(text);

const FAR = { patientId: LILY, organisationId: 'cornwall-hospital' } as const;
const denyFar = { ...FAR, preference: 'deny', setBy: 'patient' } as const;
const allowFar = { ...FAR, preference: 'allow', setBy: 'patient' } as const;

describe('proxies (docs/facade-api.md, "Proxies")', () => {
  it('a parent acts for the child: recorded as by the proxy for the patient, and shown so', async () => {
    const { consentry, eventStore } = await familyWorld();
    await expectRight(consentry.setSharingPreference(denyFar, sam));
    const events = (await expectRight(eventStore.readStream(streams.consent(LILY)))).events;
    expect(events.at(-1)).toMatchObject({
      type: 'SharingPreferenceSet',
      metadata: { actor: { kind: 'proxy', id: 'sam', forPatientId: LILY } },
    });
    const summary = await expectRight(consentry.sharingSummary({ patientId: LILY }));
    expect(summary.preferences).toMatchObject([{ preference: 'deny', byProxy: 'sam' }]);
    const history = await expectRight(consentry.accessHistory({ patientId: LILY }));
    expect(history.byProxy).toMatchObject([
      { proxyId: 'sam', what: 'SharingPreferenceSet', organisationId: 'cornwall-hospital' },
    ]);
  });

  it('someone with no grant, or acting for another patient, is NotPermitted and nothing changes', async () => {
    const { consentry, eventStore } = await familyWorld();
    const before = (await expectRight(eventStore.readStream(streams.consent(LILY)))).events.length;
    expect(
      await expectLeft(consentry.setSharingPreference(denyFar, proxyActor('eve'))),
    ).toMatchObject({
      _tag: 'NotPermitted',
    });
    // Sam is Lily's proxy, not Alice's; naming Lily in forPatientId does not reach Alice either.
    expect(
      await expectLeft(
        consentry.setSharingPreference(
          { ...denyFar, patientId: 'alice' },
          proxyActor('sam', 'alice'),
        ),
      ),
    ).toMatchObject({ _tag: 'NotPermitted' });
    expect(
      await expectLeft(consentry.setSharingPreference({ ...denyFar, patientId: 'alice' }, sam)),
    ).toMatchObject({ _tag: 'NotPermitted' });
    expect((await expectRight(eventStore.readStream(streams.consent(LILY)))).events.length).toBe(
      before,
    );
    expect(await expectRight(consentry.refusedCommands({ patientId: LILY }))).toMatchObject([
      { command: 'setSharingPreference', actor: { kind: 'proxy', id: 'eve' } },
    ]);
  });

  it('a proxy does only what its scope allows, and never what only an organisation does', async () => {
    const { consentry } = await familyWorld({ scope: ['receive-codes'] });
    expect(await expectLeft(consentry.setSharingPreference(denyFar, sam))).toMatchObject({
      _tag: 'NotPermitted',
      message: saying('manage-sharing'),
    });
    expect(await expectLeft(consentry.requestAccess(FAR, sam))).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(await expectLeft(consentry.startCare(FAR, sam))).toMatchObject({ _tag: 'NotPermitted' });
    expect(
      await expectLeft(
        consentry.grantProxy(
          { patientId: LILY, proxyId: 'eve', relationship: 'carer', evidence: 'x' },
          sam,
        ),
      ),
    ).toMatchObject({ _tag: 'NotPermitted' });
  });

  it('after the end date, after revocation and from the 16th birthday, every proxy action is NotPermitted', async () => {
    const ended = await familyWorld({ until: '2026-07-02T00:00:00Z' });
    await expectRight(ended.consentry.setSharingPreference(denyFar, sam));
    ended.clock.set('2026-07-02T00:00:00Z');
    expect(await expectLeft(ended.consentry.clearSharingPreference(FAR, sam))).toMatchObject({
      _tag: 'NotPermitted',
      message: saying('end date'),
    });

    const revoked = await familyWorld();
    await expectRight(revoked.consentry.revokeProxy({ patientId: LILY, proxyId: 'sam' }, practice));
    expect(await expectLeft(revoked.consentry.setSharingPreference(denyFar, sam))).toMatchObject({
      message: saying('revoked'),
    });

    const sixteen = await familyWorld();
    sixteen.clock.set('2028-03-09T23:59:59Z');
    await expectRight(sixteen.consentry.setSharingPreference(denyFar, sam));
    sixteen.clock.set('2028-03-10T00:00:00Z');
    expect(await expectLeft(sixteen.consentry.setSharingPreference(denyFar, sam))).toMatchObject({
      message: saying('16th birthday'),
    });
    // The practice confirms it again after the birthday: Sam acts again.
    await expectRight(
      sixteen.consentry.grantProxy(
        {
          patientId: LILY,
          proxyId: 'sam',
          relationship: 'parent',
          evidence: 'confirmed at review',
        },
        practice,
      ),
    );
    await expectRight(
      sixteen.consentry.setSharingPreference({ ...denyFar, organisationId: 'leic-hospital' }, sam),
    );
  });

  it("a proxy never lifts the patient's no (nor any standing no); the patient and the practice may", async () => {
    const { consentry } = await familyWorld();
    await expectRight(consentry.setSharingPreference(denyFar, patientActor(LILY)));
    expect(await expectLeft(consentry.setSharingPreference(allowFar, sam))).toMatchObject({
      _tag: 'NotPermitted',
      message: saying('lift a no'),
    });
    expect(await expectLeft(consentry.clearSharingPreference(FAR, sam))).toMatchObject({
      _tag: 'NotPermitted',
    });
    // Not even a no the proxy recorded itself: the patient or the practice lifts it.
    const local = { patientId: LILY, organisationId: 'leic-hospital' } as const;
    await expectRight(consentry.setSharingPreference({ ...denyFar, ...local }, sam));
    expect(await expectLeft(consentry.clearSharingPreference(local, sam))).toMatchObject({
      _tag: 'NotPermitted',
    });
    await expectRight(consentry.clearSharingPreference(local, practice));
    await expectRight(consentry.clearSharingPreference(FAR, patientActor(LILY)));
  });

  it('an organisation never becomes a proxy; nobody grants themself; a patient lacking capacity cannot grant', async () => {
    const { consentry } = await familyWorld();
    const grantTo = (proxyId: string) => ({
      patientId: LILY,
      proxyId,
      relationship: 'carer' as const,
      evidence: 'letter',
    });
    expect(
      await expectLeft(consentry.grantProxy(grantTo('cornwall-hospital'), practice)),
    ).toMatchObject({
      _tag: 'NotPermitted',
      message: 'An organisation cannot become a proxy',
    });
    const pm = {
      actor: { kind: 'practice-staff', id: 'pm-1', organisationId: 'leic-practice' },
    } as const;
    expect(await expectLeft(consentry.grantProxy(grantTo('pm-1'), pm))).toMatchObject({
      _tag: 'NotPermitted',
      message: 'Nobody grants or revokes themself as a proxy',
    });
    expect(
      await expectLeft(consentry.grantProxy(grantTo('eve'), staffOf('cornwall-hospital'))),
    ).toMatchObject({
      _tag: 'NotPermitted',
    });
    await expectRight(consentry.grantProxy(grantTo('gran'), patientActor(LILY)));
    expect(
      await expectLeft(
        consentry.recordCapacity({ patientId: LILY, lacksCapacity: true }, patientActor(LILY)),
      ),
    ).toMatchObject({ _tag: 'NotPermitted' });
    await expectRight(consentry.recordCapacity({ patientId: LILY, lacksCapacity: true }, practice));
    expect(
      await expectLeft(consentry.grantProxy(grantTo('eve'), patientActor(LILY))),
    ).toMatchObject({
      _tag: 'NotPermitted',
      message: saying('lacks capacity'),
    });
    const view = await expectRight(consentry.proxies({ patientId: LILY }));
    expect(view).toMatchObject({ lacksCapacity: true });
    expect(view.proxies.map((p) => [p.proxyId, p.grantedBy, p.inForce])).toEqual([
      ['sam', 'practice', true],
      ['gran', 'patient', true],
    ]);
  });
  it('a proxy with manage-sharing approves a pending request online; the history says the proxy did it', async () => {
    const { consentry, notifier } = await familyWorld();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.chooseCodesRecipient({ patientId: LILY, to: 'proxy', proxyId: 'sam' }, practice),
    );
    const requested = await expectRight(consentry.requestAccess(FAR, staffOf(FAR.organisationId)));
    // Lily has no phone of her own: her parent receives codes, so she can still be asked.
    expect(requested).toMatchObject({ outcome: 'verify', channels: ['sms'] });
    expect(notifier.messagesTo(SAM_MOBILE)).toHaveLength(1);
    expect(await expectRight(consentry.approveOnline(FAR, sam))).toMatchObject({
      outcome: 'permit',
      basis: 'approved-online',
    });
    const history = await expectRight(consentry.accessHistory({ patientId: LILY }));
    expect(history.byProxy.map((a) => a.what)).toContain('OnlineApprovalGiven');
  });

  it('codes to both: one code, two messages, each recorded as about the patient; revoked, the parent gets none', async () => {
    const { consentry, notifier, eventStore } = await familyWorld();
    await expectRight(
      consentry.recordContactDetails(
        { patientId: LILY, mobile: '07700 900789' },
        patientActor(LILY),
      ),
    );
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(consentry.chooseCodesRecipient({ patientId: LILY, to: 'both' }, practice));
    await expectRight(consentry.requestAccess(FAR, staffOf(FAR.organisationId)));
    expect(notifier.messagesTo(SAM_MOBILE)).toHaveLength(1);
    expect(notifier.messagesTo('+447700900789')).toHaveLength(1);
    const sent = (await expectRight(eventStore.readStream('notification-lily'))).events;
    expect(sent.map((e) => e.data)).toMatchObject([
      { patientId: LILY, kind: 'verification-code' },
      { patientId: LILY, kind: 'verification-code', proxyId: 'sam' },
    ]);
    await expectRight(consentry.revokeProxy({ patientId: LILY, proxyId: 'sam' }, practice));
    // A resend after the revocation goes to Lily alone.
    await expectRight(consentry.resendCode(FAR, staffOf(FAR.organisationId)));
    expect(notifier.messagesTo('+447700900789')).toHaveLength(2);
    expect(notifier.messagesTo(SAM_MOBILE)).toHaveLength(1);
  });

  it('a child with no phone whose codes go to no proxy is no-verification-channel', async () => {
    const { consentry } = await familyWorld({ scope: ['manage-sharing'] });
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    expect(
      await expectLeft(consentry.chooseCodesRecipient({ patientId: LILY, to: 'proxy' }, practice)),
    ).toMatchObject({ _tag: 'Conflict' });
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({
      outcome: 'deny',
      reason: 'no-verification-channel',
    });
  });

  it('the audit report says what the proxy did, for the patient, and where codes went', async () => {
    const { consentry, eventStore } = await familyWorld();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.chooseCodesRecipient({ patientId: LILY, to: 'proxy', proxyId: 'sam' }, practice),
    );
    await expectRight(consentry.requestAccess(FAR, staffOf(FAR.organisationId)));
    await expectRight(consentry.approveOnline(FAR, sam));
    const events = [
      ...(await expectRight(eventStore.readStream(streams.consent(LILY)))).events,
      ...(await expectRight(eventStore.readStream('notification-lily'))).events,
    ];
    const lines = patientReport(events).map((e) => e.summary);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^proxy sam \(parent\) granted by the practice/),
        'codes go to the proxy sam',
        'patient approved online — by proxy sam for the patient',
        expect.stringMatching(/^message sent: verification-code by sms .* to proxy sam$/),
      ]),
    );
  });
});
