import { testHost, type TestHost } from '../__fixtures__/testHost.js';

const LILY = { nhsNumber: '4010232137', name: 'Lily Smith' };
const SAM_MOBILE = '+447700900456';
const practice = {
  actor: { kind: 'practice-staff', id: 'pm-1', organisationId: 'leic-practice' },
} as const;

let host: TestHost;
let lily: string;
beforeEach(async () => {
  host = await testHost();
  const registered = await host.consentry.registerPatient(
    {
      nhsNumber: LILY.nhsNumber,
      name: LILY.name,
      dateOfBirth: '2012-03-10',
      homeArea: 'leicestershire',
      practiceId: 'leic-practice',
    },
    practice,
  )();
  if (registered._tag === 'Left') throw new Error(registered.left._tag);
  lily = registered.right.patientId;
  const granted = await host.consentry.grantProxy(
    {
      patientId: lily,
      proxyId: 'sam',
      relationship: 'parent',
      evidence: 'BC-1',
      mobile: '07700 900456',
    },
    practice,
  )();
  if (granted._tag === 'Left') throw new Error(granted.left._tag);
});
afterEach(async () => {
  await host.close();
});

const askForCode = async (proxyId: string) => {
  const sam = host.client();
  const sent = await sam.post(
    '/proxy/sign-in',
    { proxyId, nhsNumber: LILY.nhsNumber },
    { from: '/proxy/sign-in' },
  );
  return { sam, sent };
};

describe('proxy sign-in and pages (attacks)', () => {
  it("a proxy's code never signs anyone in as the patient", async () => {
    const { sam, sent } = await askForCode('sam');
    expect(sent.statusCode).toBe(303);
    const code = host.outbox.lastCodeFor(SAM_MOBILE) ?? '';
    const asPatient = await sam.post(
      '/patient/sign-in/code',
      { code },
      { from: '/patient/sign-in' },
    );
    expect(asPatient.statusCode).toBe(410);
    expect((await sam.get('/patient')).statusCode).not.toBe(200);
  });

  it('signs in as themself with a code to their own mobile; says who they act for; no patient or staff pages', async () => {
    const { sam } = await askForCode('sam');
    const code = host.outbox.lastCodeFor(SAM_MOBILE) ?? '';
    const entered = await sam.post(
      '/proxy/sign-in/code',
      { code },
      { from: '/proxy/sign-in/code' },
    );
    expect(entered.statusCode).toBe(303);
    const home = await sam.get('/proxy');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(`You are acting for ${LILY.name}`);
    expect((await sam.get('/patient')).statusCode).not.toBe(200);
    expect((await sam.get(`/practice/patients/${LILY.nhsNumber}/proxies`)).statusCode).toBe(403);
  });

  it('nobody without a grant in force gets a code: not a stranger, not a revoked proxy', async () => {
    const before = host.outbox.sent().length;
    expect((await askForCode('eve')).sent.statusCode).toBe(401);
    await host.consentry.revokeProxy({ patientId: lily, proxyId: 'sam' }, practice)();
    expect((await askForCode('sam')).sent.statusCode).toBe(401);
    expect(host.outbox.sent().length).toBe(before);
  });

  it('a signed-in proxy whose grant is revoked is refused by core, and nothing changes', async () => {
    const { sam } = await askForCode('sam');
    const code = host.outbox.lastCodeFor(SAM_MOBILE) ?? '';
    await sam.post('/proxy/sign-in/code', { code }, { from: '/proxy/sign-in/code' });
    await host.consentry.revokeProxy({ patientId: lily, proxyId: 'sam' }, practice)();
    await sam.post('/proxy/requests/cornwall-hospital/approve', {}, { from: '/proxy' });
    const home = await sam.get('/proxy');
    expect(home.body).toContain('Not done: This proxy was revoked');
    expect(home.body).toContain('has ended');
  });

  it("the patient's own history shows what their proxy did for them", async () => {
    const alice = await host.consentry.findPatientByNhsNumber({ nhsNumber: '9434765919' })();
    if (alice._tag === 'Left') throw new Error(alice.left._tag);
    const aliceId = alice.right.patientId;
    await host.consentry.grantProxy(
      { patientId: aliceId, proxyId: 'bob', relationship: 'carer', evidence: 'letter' },
      practice,
    )();
    const set = await host.consentry.setSharingPreference(
      {
        patientId: aliceId,
        organisationId: 'cornwall-hospital',
        preference: 'deny',
        setBy: 'patient',
      },
      { actor: { kind: 'proxy', id: 'bob', forPatientId: aliceId } },
    )();
    expect(set._tag).toBe('Right');
    const client = host.client();
    await client.signInPatient(host.outbox, '9434765919', '1984-03-15', 'alice@example.org');
    const history = (await client.get('/patient/history')).body;
    expect(history).toContain('Done for you by someone acting for you');
    expect(history).toMatch(
      /bob<\/td>\s*<td class="nhsuk-table__cell">SharingPreferenceSet \(Cornwall Coast Hospital\)/,
    );
  });

  it('a patient with capacity grants a proxy online and sends codes to both; once the practice records she lacks capacity, she may not', async () => {
    const alice = host.client();
    await alice.signInPatient(host.outbox, '9434765919', '1984-03-15', 'alice@example.org');
    await alice.post(
      '/patient/proxies',
      { proxyId: 'carol', relationship: 'carer', mobile: '07700 900333' },
      { from: '/patient/proxies' },
    );
    await alice.post('/patient/codes', { codesTo: 'both:carol' }, { from: '/patient/proxies' });
    const page = (await alice.get('/patient/proxies')).body;
    expect(page).toContain('Where codes go is saved');
    expect(page).toMatch(/value="both:carol" checked/);
    const found = await host.consentry.findPatientByNhsNumber({ nhsNumber: '9434765919' })();
    if (found._tag === 'Left') throw new Error(found.left._tag);
    const proxies = await host.consentry.proxies({ patientId: found.right.patientId })();
    expect(
      proxies._tag === 'Right' && proxies.right.proxies.map((p) => [p.proxyId, p.grantedBy]),
    ).toEqual([['carol', 'patient']]);

    const staff = host.client();
    await staff.signInStaff('practice');
    const base = '/practice/patients/9434765919';
    await staff.post(`${base}/capacity`, { lacksCapacity: 'yes' }, { from: `${base}/proxies` });
    expect((await staff.get(`${base}/proxies`)).body).toContain('lacks capacity');
    await alice.post('/patient/proxies/carol/revoke', {}, { from: '/patient/proxies' });
    expect((await alice.get('/patient/proxies')).body).toContain('NotPermitted');
    await staff.post(`${base}/proxies/carol/revoke`, {}, { from: `${base}/proxies` });
    expect((await staff.get(`${base}/proxies`)).body).toContain(
      'carol may no longer act for the patient',
    );
  });
});
