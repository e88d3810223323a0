import { expectRight } from '@consentry/core/testing';
import { testHost, type TestHost } from '../__fixtures__/testHost.js';

const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };
const DAY = 86_400_000;

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

describe('the patient chooses to be told when a time-limited consent ends', () => {
  it('on her page; then the sweep tells her once, by e-mail, when her consent for a week ends', async () => {
    const alice = host.client();
    await alice.signInPatient(host.outbox, ALICE.nhsNumber, ALICE.dateOfBirth, ALICE.email);
    const before = (await alice.get('/patient')).body;
    expect(before).toContain('Tell me when a consent I gave for a limited time ends');
    expect(before).toMatch(/value="no" checked/);

    const saved = await alice.post('/patient/end-notices', { tell: 'yes' }, { from: '/patient' });
    expect(saved.statusCode).toBe(303);
    const after = (await alice.get('/patient')).body;
    expect(after).toContain('We will tell you when a consent you gave for a limited time ends');
    expect(after).toMatch(/value="yes" checked/);

    const { patientId } = await expectRight(
      host.consentry.findPatientByNhsNumber({ nhsNumber: ALICE.nhsNumber }),
    );
    expect(await expectRight(host.consentry.endNotices({ patientId }))).toMatchObject({
      tell: true,
    });
    // The test host's clock starts at 2026-07-01T09:00:00Z.
    const until = '2026-07-08T09:00:00Z';
    await expectRight(
      host.consentry.setSharingPreference(
        {
          patientId,
          organisationId: 'cornwall-hospital',
          preference: 'allow',
          setBy: 'patient',
          until,
        },
        { actor: { kind: 'patient', id: patientId } },
      ),
    );
    host.advance(8 * DAY);
    const sweep = { actor: { kind: 'system', id: 'maintenance' } } as const;
    expect(await expectRight(host.consentry.runMaintenance({}, sweep))).toMatchObject({
      consentEndsNoticed: 1,
    });
    expect(await expectRight(host.consentry.runMaintenance({}, sweep))).toMatchObject({
      consentEndsNoticed: 0,
    });
    const told = host.outbox.messagesTo(ALICE.email).filter((m) => m.kind === 'consent-ended');
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain('to see your shared GP record ended at');
  });

  it('a choice that is neither yes nor no changes nothing and says what to do', async () => {
    const alice = host.client();
    await alice.signInPatient(host.outbox, ALICE.nhsNumber, ALICE.dateOfBirth, ALICE.email);
    const bad = await alice.post('/patient/end-notices', { tell: 'maybe' }, { from: '/patient' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose whether we tell you');
    const { patientId } = await expectRight(
      host.consentry.findPatientByNhsNumber({ nhsNumber: ALICE.nhsNumber }),
    );
    expect(await expectRight(host.consentry.endNotices({ patientId }))).toMatchObject({
      tell: false,
    });
  });

  it('staff cannot post the patient’s choice (the page is the patient’s alone)', async () => {
    const staff = host.client();
    await staff.signInStaff('cornwall');
    const refused = await staff.post(
      '/patient/end-notices',
      { tell: 'no' },
      { from: '/organisation' },
    );
    expect(refused.statusCode).not.toBe(303);
    const { patientId } = await expectRight(
      host.consentry.findPatientByNhsNumber({ nhsNumber: ALICE.nhsNumber }),
    );
    expect(await expectRight(host.consentry.endNotices({ patientId }))).toMatchObject({
      tell: false,
    });
  });
});
