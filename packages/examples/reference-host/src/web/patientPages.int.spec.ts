import { testHost, type TestHost } from '../__fixtures__/testHost.js';
import { oneRowPerEmergency } from './patientRows.js';

const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

const signedInAlice = async () => {
  const alice = host.client();
  await alice.signInPatient(host.outbox, ALICE.nhsNumber, ALICE.dateOfBirth, ALICE.email);
  return alice;
};

describe('the patient’s pages', () => {
  it('after "Share my record", say that sharing starts when the organisation cares for her', async () => {
    const alice = await signedInAlice();
    await alice.post(
      '/patient/choices',
      { organisationId: 'cornwall-hospital', preference: 'allow' },
      { from: '/patient' },
    );
    const home = (await alice.get('/patient')).body;
    expect(home).toContain('Only your GP practice can see your record at the moment.');
    expect(home).toMatch(
      /Cornwall Coast Hospital\s+can see your record only while they are caring for you: sharing starts when they do/,
    );
    // Once Cornwall cares for her, it can see the record and the hint is gone.
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    const page = `/organisation/patients/${ALICE.nhsNumber}`;
    await cornwall.post(`${page}/care`, { reason: 'A&E attendance' }, { from: page });
    const after = (await alice.get('/patient')).body;
    expect(after).not.toContain('sharing starts when they do');
    expect(after).toContain('Stop sharing with Cornwall Coast Hospital');
  });

  it('show one emergency once, with its justification and the openings it allowed', async () => {
    const urgent = host.client();
    await urgent.signInStaff('urgentcare');
    const page = `/organisation/patients/${ALICE.nhsNumber}`;
    await urgent.post(
      `${page}/emergency`,
      { justification: 'Unconscious after a fall' },
      { from: `${page}/emergency` },
    );
    await urgent.post(`${page}/record`, {}, { from: page });
    const alice = await signedInAlice();
    const history = (await alice.get('/patient/history')).body;
    expect(history.match(/Loughborough Urgent Care Centre/g)).toHaveLength(1);
    expect(history).toContain('Unconscious after a fall');
    expect(history).toContain('They opened your record at');
  });

  it('flag both empty sign-in fields, and say what an empty emergency reason lacks', async () => {
    const visitor = host.client();
    const empty = await visitor.post(
      '/patient/sign-in',
      { nhsNumber: '', 'dateOfBirth[day]': '', 'dateOfBirth[month]': '', 'dateOfBirth[year]': '' },
      { from: '/patient/sign-in' },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#nhsNumber"');
    expect(empty.body).toContain('href="#dateOfBirth-day"');

    const urgent = host.client();
    await urgent.signInStaff('urgentcare');
    const page = `/organisation/patients/${ALICE.nhsNumber}`;
    const noReason = await urgent.post(
      `${page}/emergency`,
      { justification: '' },
      { from: `${page}/emergency` },
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say why you need emergency access');
    expect(noReason.body).not.toContain('2000 characters');
  });

  it('sign out in one step from the header, and say why a signed-out visit lands on the start page', async () => {
    const alice = await signedInAlice();
    const home = await alice.get('/patient');
    const headerForm =
      /<form\s+class="nhsuk-header__account-form" action="\/sign-out" method="post" novalidate><input type="hidden" name="_csrf" value="([^"]+)">/.exec(
        home.body,
      );
    expect(headerForm).not.toBeNull();
    const out = await alice.post('/sign-out', {}, { token: headerForm![1]! });
    expect(out.statusCode).toBe(303);
    const after = await alice.get('/patient');
    expect(after.statusCode).toBe(302);
    expect(after.headers['location']).toBe('/?sign-in=needed');
    const start = await alice.get('/?sign-in=needed');
    expect(start.body).toContain('You need to sign in to see that page');
    // The start page reached on purpose says nothing of the kind.
    expect((await alice.get('/')).body).not.toContain('You need to sign in');
  });

  it('link the API description from staff pages only, and let the NHS font load', async () => {
    const alice = await signedInAlice();
    const patientPage = await alice.get('/patient');
    expect(patientPage.body).not.toContain('API description');
    const csp = patientPage.headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/font-src 'self' https:\/\/assets\.nhs\.uk/);
    const staff = host.client();
    await staff.signInStaff('cornwall');
    expect((await staff.get('/organisation')).body).toContain('API description');
  });
});

describe('oneRowPerEmergency', () => {
  const actor = { kind: 'organisation-staff', id: 'x', organisationId: 'o' } as const;
  it('folds the openings an emergency allowed into its row; other openings stay rows', () => {
    const rows = oneRowPerEmergency([
      {
        organisationId: 'o',
        at: '2026-01-01T10:00:00Z',
        kind: 'emergency',
        basis: 'emergency',
        actor,
        justification: 'fall',
      },
      {
        organisationId: 'o',
        at: '2026-01-01T10:01:00Z',
        kind: 'viewed',
        basis: 'emergency',
        actor,
      },
      {
        organisationId: 'p',
        at: '2026-01-01T10:02:00Z',
        kind: 'viewed',
        basis: 'patient-consent',
        actor,
      },
      {
        organisationId: 'o',
        at: '2026-01-01T10:03:00Z',
        kind: 'viewed',
        basis: 'emergency',
        actor,
      },
    ] as never);
    expect(rows.map((r) => [r.organisationId, r.kind, r.openedAt.length])).toEqual([
      ['o', 'emergency', 2],
      ['p', 'viewed', 0],
    ]);
  });
});
