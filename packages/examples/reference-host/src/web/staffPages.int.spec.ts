import { testHost, type TestHost } from '../__fixtures__/testHost.js';
import { DEMO_PASSWORD } from '../demo/data.js';
import { hashPassword } from '../security/passwords.js';

const ALICE = '9434765919';
const CAROL = '9401404216';
const ALICE_EMAIL = 'alice@example.org';

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

/** Cornwall staff, signed in, with a care claim for the patient and a code requested. */
const cornwallAsking = async (nhsNumber: string) => {
  const cornwall = host.client();
  await cornwall.signInStaff('cornwall');
  const page = `/organisation/patients/${nhsNumber}`;
  await cornwall.post(`${page}/care`, { reason: 'A&E attendance' }, { from: page });
  const asked = await cornwall.post(`${page}/request`, {}, { from: page });
  return { cornwall, page, asked };
};

describe('the security code page (organisation staff)', () => {
  it('after the last wrong code says what happened and what to do, once, and offers no code box', async () => {
    const { cornwall, page, asked } = await cornwallAsking(ALICE);
    expect(asked.headers['location']).toBe(`${page}/code`);
    const right = host.outbox.lastCodeFor(ALICE_EMAIL)!;
    const wrong = right === '000000' ? '111111' : '000000';
    let last = await cornwall.post(`${page}/code`, { code: wrong }, { from: `${page}/code` });
    for (let i = 1; i < 5; i += 1) {
      expect(last.body).toContain('name="code"');
      last = await cornwall.post(`${page}/code`, { code: wrong }, { from: `${page}/code` });
    }
    expect(last.body).toContain('The code was entered wrongly too many times');
    expect(last.body.match(/too many times/g)).toHaveLength(1);
    expect(last.body).not.toContain('challenge');
    expect(last.body).not.toContain('name="code"');
    expect(last.body).toContain('a new code will be sent to Alice Smith');
    expect(last.body).toContain(`action="${page}/request"`);
    // Reloading the page offers the same way on, never the dead form.
    const again = await cornwall.get(`${page}/code`);
    expect(again.body).not.toContain('name="code"');
    expect(again.body).toContain('Request access again');
  });

  it('sends the same code again from the page, within core’s limit', async () => {
    const { cornwall, page } = await cornwallAsking(ALICE);
    const code = host.outbox.lastCodeFor(ALICE_EMAIL);
    const before = host.outbox.sent().length;
    const resent = await cornwall.post(`${page}/code/resend`, {}, { from: `${page}/code` });
    expect(resent.statusCode).toBe(303);
    expect(resent.headers['location']).toBe(`${page}/code`);
    expect(host.outbox.sent().length).toBe(before + 1);
    expect(host.outbox.lastCodeFor(ALICE_EMAIL)).toBe(code);
    expect((await cornwall.get(`${page}/code`)).body).toContain(
      'The same code has been sent to Alice Smith again',
    );
    // Another organisation's staff have no challenge of theirs to resend.
    const leicester = host.client();
    await leicester.signInStaff('leicester');
    const theirs = await leicester.post(`${page}/code/resend`, {}, { from: page });
    expect(theirs.statusCode).toBe(404);
    expect(host.outbox.sent().length).toBe(before + 1);
  });
});

describe('the shared record page (post, redirect, get)', () => {
  it('records one opening, can be reloaded, and shows nothing to someone whose opening was not recorded', async () => {
    const { cornwall, page } = await cornwallAsking(ALICE);
    const code = host.outbox.lastCodeFor(ALICE_EMAIL)!;
    await cornwall.post(`${page}/code`, { code }, { from: `${page}/code` });
    const opened = await cornwall.post(`${page}/record`, {}, { from: page });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers['location']).toBe(`${page}/record`);
    expect((await cornwall.get(`${page}/record`)).body).toContain('Asthma review');
    const reloaded = await cornwall.get(`${page}/record`);
    expect(reloaded.statusCode).toBe(200);
    expect(reloaded.body).toContain('Asthma review');
    const views = async () => {
      const patient = await host.consentry.findPatientByNhsNumber({ nhsNumber: ALICE })();
      if (patient._tag === 'Left') throw new Error('no Alice');
      const history = await host.consentry.accessHistory({
        patientId: patient.right.patientId,
      })();
      if (history._tag === 'Left') throw new Error('no history');
      return history.right.entries.filter((e) => e.kind === 'viewed').length;
    };
    expect(await views()).toBe(1);

    // Someone else of the same organisation, with no opening recorded, is sent back.
    await host.hostDb.addAccount(
      {
        username: 'cornwall.two',
        role: 'organisation-staff',
        organisationId: 'cornwall-hospital',
        displayName: 'Another Cornwall clinician',
        passwordHash: await hashPassword(DEMO_PASSWORD, { N: 1024 }),
      },
      Date.now(),
    );
    const colleague = host.client();
    await colleague.signInStaff('cornwall.two');
    const peek = await colleague.get(`${page}/record`);
    expect(peek.statusCode).toBe(303);
    expect(peek.headers['location']).toBe(page);
    expect(peek.body).not.toContain('Asthma review');

    // After a while, the page must be opened (and recorded) again.
    host.advance(11 * 60_000);
    const stale = await cornwall.get(`${page}/record`);
    expect(stale.statusCode).toBe(303);
    expect(await views()).toBe(1);
  });
});

describe('a patient with no mobile, e-mail or portal', () => {
  const sentences = (body: string) => body.match(/You cannot see the shared record[^<]*/g) ?? [];

  it('is explained in one sentence, asking the practice only when no choice is recorded', async () => {
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    const page = `/organisation/patients/${CAROL}`;
    await cornwall.post(`${page}/care`, { reason: 'A&E attendance' }, { from: page });
    const noChoice = sentences((await cornwall.get(page)).body);
    expect(noChoice).toEqual([
      'You cannot see the shared record: the patient has no mobile phone, e-mail or online account to receive a security code, so ask their GP practice to record their sharing choice.',
    ]);

    const carol = await host.consentry.findPatientByNhsNumber({ nhsNumber: CAROL })();
    if (carol._tag === 'Left') throw new Error('no Carol');
    // A choice recorded before the practice page refused it (core allows it).
    const set = await host.consentry.setSharingPreference(
      { patientId: carol.right.patientId, preference: 'require-verification', setBy: 'practice' },
      {
        actor: { kind: 'practice-staff', id: 'practice', organisationId: 'leic-practice' },
      },
    )();
    expect(set._tag).toBe('Right');
    const recorded = sentences((await cornwall.get(page)).body);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toContain('recorded choice is to be asked for a security code first');
    expect(recorded[0]).not.toContain('practice');
  });

  it('cannot be given "ask for a code first" by the practice: refused, nothing saved', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    const page = `/practice/patients/${CAROL}`;
    const refused = await practice.post(
      `${page}/choices`,
      { preference: 'require-verification', organisationId: '' },
      { from: page },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('a security code could never reach them');
    const carol = await host.consentry.findPatientByNhsNumber({ nhsNumber: CAROL })();
    if (carol._tag === 'Left') throw new Error('no Carol');
    const summary = await host.consentry.sharingSummary({ patientId: carol.right.patientId })();
    expect(summary._tag === 'Right' && summary.right.preferences).toEqual([]);
    // With a mobile recorded, the same choice is saved, and shown in the practice's voice.
    await practice.post(
      `${page}/contact`,
      { mobile: '07700 900789', preferredChannel: 'sms' },
      { from: page },
    );
    const saved = await practice.post(
      `${page}/choices`,
      { preference: 'require-verification', organisationId: '' },
      { from: page },
    );
    expect(saved.statusCode).toBe(303);
    const after = (await practice.get(page)).body;
    expect(after).toContain('Ask the patient for a security code first (recorded by the practice)');
    expect(after).not.toContain('Ask me');
  });
});
