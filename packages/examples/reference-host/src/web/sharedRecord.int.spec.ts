import { testHost, type TestHost } from '../__fixtures__/testHost.js';

const ALICE = '9434765919';
const ALICE_EMAIL = 'alice@example.org';

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

/** Cornwall staff with Alice's code, the record opened. */
const cornwallOpened = async () => {
  const cornwall = host.client();
  await cornwall.signInStaff('cornwall');
  const page = `/organisation/patients/${ALICE}`;
  await cornwall.post(`${page}/care`, { reason: 'A&E attendance' }, { from: page });
  await cornwall.post(`${page}/request`, {}, { from: page });
  const code = host.outbox.lastCodeFor(ALICE_EMAIL)!;
  await cornwall.post(`${page}/code`, { code }, { from: `${page}/code` });
  await cornwall.post(`${page}/record`, {}, { from: page });
  return { cornwall, record: `${page}/record` };
};

const aliceId = async () => {
  const found = await host.consentry.findPatientByNhsNumber({ nhsNumber: ALICE })();
  if (found._tag === 'Left') throw new Error('no Alice');
  return found.right.patientId;
};

describe('the shared record page uses core to decide the entries (docs/record-as-shared.md)', () => {
  it('shows why each withheld entry is withheld, and a sensitive one once the patient consents for that label', async () => {
    const { cornwall, record } = await cornwallOpened();
    const before = (await cornwall.get(record)).body;
    expect(before).toContain('Asthma review');
    expect(before).not.toContain('Sexual health clinic');
    expect(before).toContain('A sensitive entry: the patient has not agreed that you may see it.');
    const patientId = await aliceId();
    const consented = await host.consentry.consentToLabel(
      { patientId, organisationId: 'cornwall-hospital', label: 'sexual-health' },
      { actor: { kind: 'patient', id: patientId } },
    )();
    expect(consented._tag).toBe('Right');
    const after = (await cornwall.get(record)).body;
    expect(after).toContain('Sexual health clinic');
    expect(after).not.toContain('A sensitive entry');
  });
});
