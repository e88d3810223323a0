import { choiceFromConsent, type AuditEvent, type Bundle, type Consent } from '@consentry/fhir';
import { testHost, type TestHost, type TestResponse } from '../__fixtures__/testHost.js';
import { validated } from './__fixtures__/verdict.js';
import {
  ALICE,
  BOB,
  NHS,
  ODS,
  fhir,
  postedConsent,
  type Caller,
} from './__fixtures__/fhirClient.js';

let host: TestHost;
let cornwall: Caller;
let leicester: Caller;
let metricsOnly: Caller;
let alice: Caller;
let practice: Caller;
let privacy: Caller;
let auditor: Caller;

const token = async (
  host: TestHost,
  organisationId: string,
  label: string,
  scopes: ('api' | 'metrics')[],
) => {
  const secret = `fhir-test-${label}-${'x'.repeat(24)}`;
  await host.hostDb.addApiToken(secret, { organisationId, label, scopes });
  return { token: secret };
};

const session = async (signIn: (c: ReturnType<TestHost['client']>) => Promise<void>) => {
  const client = host.client();
  await signIn(client);
  return { cookie: client.sessionCookie! };
};

beforeAll(async () => {
  host = await testHost();
  cornwall = await token(host, 'cornwall-hospital', 'cornwall-ed', ['api']);
  leicester = await token(host, 'leic-hospital', 'leicester-ward', ['api']);
  metricsOnly = await token(host, 'cornwall-hospital', 'cornwall-metrics', ['metrics']);
  alice = await session((c) =>
    c.signInPatient(host.outbox, ALICE, '1984-03-15', 'alice@example.org'),
  );
  practice = await session((c) => c.signInStaff('practice'));
  privacy = await session((c) => c.signInStaff('privacy'));
  auditor = await session((c) => c.signInStaff('auditor'));
}, 60_000);
afterAll(async () => {
  await host.close();
});

/** Every FHIR answer is application/fhir+json and valid R4 (and UK Core where it claims it). */
const body = <T = Record<string, unknown>>(response: TestResponse): T => {
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const parsed = response.json<T>();
  expect(validated(parsed)).toEqual([]);
  return parsed;
};

/** An error: the status, and an OperationOutcome whose first issue has this code. */
const refused = (response: TestResponse, status: number, code: string) => {
  expect(response.statusCode).toBe(status);
  const outcome = body<{
    resourceType: string;
    issue: { code: string; expression?: string[]; details?: { coding?: { code: string }[] } }[];
  }>(response);
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue[0]?.code).toBe(code);
  return outcome.issue[0]!;
};

/** How many Consents Alice's practice can find for her. */
const aliceConsents = async (): Promise<number> =>
  body<{ total: number }>(
    await fhir(host, practice, 'GET', `/Consent?patient:identifier=${NHS}|${ALICE}`),
  ).total;

const eventCount = async (): Promise<number> => {
  const all = await host.eventStore.readAll({ fromPosition: 0n, batchSize: 100_000 })();
  if (all._tag === 'Left') throw new Error(all.left.message);
  return all.right.events.length;
};

describe('GET /fhir/R4/metadata', () => {
  it('is a valid CapabilityStatement naming Consent (read, search, create) and AuditEvent (search), without signing in', async () => {
    const response = await fhir(host, null, 'GET', '/metadata');
    expect(response.statusCode).toBe(200);
    const statement = body<{
      rest: { resource: { type: string; interaction: { code: string }[] }[] }[];
    }>(response);
    expect(
      statement.rest[0]!.resource.map((r) => [r.type, r.interaction.map((i) => i.code)]),
    ).toEqual([
      ['Consent', ['read', 'search-type', 'create']],
      ['AuditEvent', ['search-type']],
    ]);
  });
});

describe('POST /fhir/R4/Consent, then read it back', () => {
  it('the patient records her preference; reading it back says the same (round trip)', async () => {
    const sent = postedConsent({
      nhsNumber: ALICE,
      policy: 'OPTOUT',
      ods: 'RWE02',
      until: '2027-01-01T00:00:00Z',
    });
    const created = await fhir(host, alice, 'POST', '/Consent', sent);
    expect(created.statusCode).toBe(201);
    const consent = body<Consent>(created);
    expect(created.headers['location']).toBe(`${host.base}/fhir/R4/Consent/${consent.id}`);
    const read = body<Consent>(await fhir(host, alice, 'GET', `/Consent/${consent.id}`));
    expect(read).toEqual(consent);
    // What was posted is what is read: patient, rule, provision type, organisation, end.
    expect(read.status).toBe('active');
    expect(read.patient).toEqual({ type: 'Patient', identifier: { system: NHS, value: ALICE } });
    expect(read.policyRule.coding[0]?.code).toBe('OPTOUT');
    expect(read.provision).toMatchObject({
      type: 'deny',
      period: { end: '2027-01-01T00:00:00.000Z' },
      actor: [
        {
          role: sent.provision.actor![0]!.role,
          reference: { identifier: { system: ODS, value: 'RWE02' } },
        },
      ],
    });
    expect(read.category[1]?.coding[0]?.code).toBe('sharing-preference');
    expect(read.performer).toEqual([read.patient]);
    // Read as a choice again, the Consent read back is the choice that was posted.
    expect(choiceFromConsent(read)).toEqual(choiceFromConsent(sent));
  });

  it('an organisation records, by token, the dissent the patient gave its staff in person', async () => {
    const sent = postedConsent({
      nhsNumber: ALICE,
      policy: 'OPTOUT',
      kind: 'sharing-in-answer',
      ods: 'REF01',
    });
    const created = await fhir(host, cornwall, 'POST', '/Consent', sent);
    expect(created.statusCode).toBe(201);
    const consent = body<Consent>(created);
    expect(consent.performer).toEqual([
      {
        type: 'Organization',
        identifier: { system: ODS, value: 'REF01' },
        display: 'Cornwall Coast Hospital',
      },
      {
        type: 'Practitioner',
        identifier: { system: 'urn:consentry:staff-account', value: 'token:cornwall-ed' },
      },
    ]);
    // The practice reads it back through search by patient and organisation.
    const found = body<{ total: number; entry: { resource: { id: string } }[] }>(
      await fhir(
        host,
        practice,
        'GET',
        `/Consent?patient:identifier=${NHS}|${ALICE}&actor:identifier=${ODS}|REF01&status=active`,
      ),
    );
    expect(found.total).toBe(1);
    expect(found.entry[0]!.resource).toEqual(consent);
    expect(choiceFromConsent(found.entry[0]!.resource)).toEqual(choiceFromConsent(sent));
  });
});

describe('what a caller may not do on /api/v1 is refused on /fhir/R4 too', () => {
  it('a hospital cannot record an opt-in for another organisation, nor for all of them (the trust rules refuse, 403)', async () => {
    const before = await aliceConsents();
    for (const sent of [
      postedConsent({ nhsNumber: ALICE, policy: 'OPTIN', ods: 'RWE01' }),
      postedConsent({ nhsNumber: ALICE, policy: 'OPTIN' }),
    ]) {
      const issue = refused(await fhir(host, cornwall, 'POST', '/Consent', sent), 403, 'forbidden');
      expect(issue.details?.coding?.[0]?.code).toBe('NotPermitted');
    }
    expect(await aliceConsents()).toBe(before);
  });

  it('a hospital cannot record an in-person answer for another hospital', async () => {
    const response = await fhir(
      host,
      leicester,
      'POST',
      '/Consent',
      postedConsent({ nhsNumber: ALICE, policy: 'OPTIN', kind: 'sharing-in-answer', ods: 'REF01' }),
    );
    refused(response, 403, 'forbidden');
  });

  it('a patient cannot record a choice for another patient: the NHS number is as unknown as a wrong one', async () => {
    const before = await eventCount();
    const other = refused(
      await fhir(
        host,
        alice,
        'POST',
        '/Consent',
        postedConsent({ nhsNumber: BOB, policy: 'OPTIN' }),
      ),
      422,
      'not-found',
    );
    const nobody = refused(
      await fhir(
        host,
        alice,
        'POST',
        '/Consent',
        postedConsent({ nhsNumber: '9000000009', policy: 'OPTIN' }),
      ),
      422,
      'not-found',
    );
    expect(other).toEqual(nobody);
    expect(await eventCount()).toBe(before);
  });

  it('a patient cannot record an in-person answer (staff only), nor claim a verification', async () => {
    refused(
      await fhir(
        host,
        alice,
        'POST',
        '/Consent',
        postedConsent({
          nhsNumber: ALICE,
          policy: 'OPTIN',
          kind: 'sharing-in-answer',
          ods: 'REF01',
        }),
      ),
      403,
      'forbidden',
    );
    const claimed = postedConsent({
      nhsNumber: ALICE,
      policy: 'OPTIN',
      kind: 'sharing-in-answer',
      ods: 'REF01',
      extra: {
        verification: [
          { verified: true, verifiedWith: { identifier: { system: NHS, value: ALICE } } },
        ],
      },
    });
    const issue = refused(
      await fhir(host, cornwall, 'POST', '/Consent', claimed),
      422,
      'business-rule',
    );
    expect(issue.expression).toEqual(['Consent.verification']);
  });

  it('the facade’s own refusals come back as OperationOutcome with their status (NotPermitted is 403)', async () => {
    // The trust rules: an organisation records its own "yes" only where it may ask in person
    // (a care relationship); Cornwall has none with Bob. The host lets the call through to the facade.
    const bobs = () => fhir(host, practice, 'GET', `/Consent?patient:identifier=${NHS}|${BOB}`);
    const before = body<{ total: number }>(await bobs()).total;
    // Neither as the answer Bob gave in person, nor as a preference for itself: no access by posting.
    for (const kind of ['sharing-in-answer', 'sharing-preference'] as const) {
      const response = await fhir(
        host,
        cornwall,
        'POST',
        '/Consent',
        postedConsent({ nhsNumber: BOB, policy: 'OPTIN', kind, ods: 'REF01' }),
      );
      const issue = refused(response, 403, 'forbidden');
      expect(issue.details?.coding?.[0]?.code).toBe('NotPermitted');
    }
    expect(body<{ total: number }>(await bobs()).total).toBe(before);
  });

  it('organisation staff cannot read a patient’s choices or audit, as on /api/v1', async () => {
    refused(
      await fhir(host, cornwall, 'GET', `/Consent?patient:identifier=${NHS}|${ALICE}`),
      403,
      'forbidden',
    );
    refused(
      await fhir(host, cornwall, 'GET', `/AuditEvent?patient:identifier=${NHS}|${ALICE}`),
      403,
      'forbidden',
    );
  });

  it('a patient finds no Consent of another patient, by search or by id', async () => {
    const bobs = body<{ total: number }>(
      await fhir(host, alice, 'GET', `/Consent?patient:identifier=${NHS}|${BOB}`),
    );
    expect(bobs.total).toBe(0);
    const mine = body<{ entry: { resource: { id: string } }[] }>(
      await fhir(host, alice, 'GET', `/Consent?patient:identifier=${ALICE}`),
    );
    const bob = host.client();
    await bob.signInPatient(host.outbox, BOB, '1950-11-02', '+447700900456');
    refused(
      await fhir(
        host,
        { cookie: bob.sessionCookie! },
        'GET',
        `/Consent/${mine.entry[0]!.resource.id}`,
      ),
      404,
      'not-found',
    );
  });

  it('a metrics-only token, a bad token, and a cookie write without the custom header are refused', async () => {
    const sent = postedConsent({
      nhsNumber: ALICE,
      policy: 'OPTOUT',
      kind: 'sharing-in-answer',
      ods: 'REF01',
    });
    refused(await fhir(host, metricsOnly, 'POST', '/Consent', sent), 403, 'forbidden');
    refused(
      await fhir(
        host,
        { token: 'not-a-real-token-not-a-real-token' },
        'GET',
        `/Consent?patient:identifier=${ALICE}`,
      ),
      401,
      'login',
    );
    const forged = await fhir(
      host,
      null,
      'POST',
      '/Consent',
      postedConsent({ nhsNumber: ALICE, policy: 'OPTIN' }),
      {
        cookie: (alice as { cookie: string }).cookie,
      },
    );
    refused(forged, 403, 'forbidden');
  });
});

describe('AuditEvent search for auditors', () => {
  beforeAll(async () => {
    // Cornwall asks to see Alice's record through /api/v1: a decision to audit.
    const response = await fhir(host, cornwall, 'GET', '/metadata');
    expect(response.statusCode).toBe(200);
    const { send } = await import('../__fixtures__/testHost.js');
    const api = (method: string, path: string, payload: unknown) =>
      send(host.base, method, `/api/v1${path}`, {
        headers: {
          authorization: `Bearer ${(cornwall as { token: string }).token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(payload),
      });
    await api('POST', `/patients/${BOB}/care-relationship`, {
      reason: 'A&E attendance',
      selfClaimed: true,
    });
    host.advance(60_000);
    await api('POST', '/access-requests', { nhsNumber: BOB });
    host.advance(60_000);
    await api('POST', '/access-requests', {
      nhsNumber: BOB,
      purpose: 'ETREAT',
      justification: 'Unconscious after a fall; no next of kin present',
    });
  });

  it('the auditor pages through Bob’s audit by date, following the links', async () => {
    const first = body<Bundle>(
      await fhir(
        host,
        auditor,
        'GET',
        `/AuditEvent?patient:identifier=${NHS}|${BOB}&date=ge2026-07-01&date=le2026-07-01&_count=1`,
      ),
    );
    expect(first.type).toBe('searchset');
    expect(first.total).toBeGreaterThanOrEqual(2);
    expect(first.link?.map((l) => l.relation)).toEqual(['self', 'first', 'next', 'last']);
    const nextOf = (b: Bundle) => b.link?.find((l) => l.relation === 'next')?.url;
    const seen = first.entry.map((e) => e.resource as AuditEvent);
    for (let next = nextOf(first); next !== undefined;) {
      const page = body<Bundle>(await fhir(host, auditor, 'GET', next));
      expect(page.link?.map((l) => l.relation)).toContain('previous');
      seen.push(...page.entry.map((e) => e.resource as AuditEvent));
      next = nextOf(page);
    }
    expect(seen).toHaveLength(first.total ?? -1);
    const emergency = seen.find((a) => a.purposeOfEvent[0]?.coding[0]?.code === 'ETREAT')!;
    expect(emergency.entity[0]).toMatchObject({
      what: { type: 'Patient', identifier: { system: NHS, value: BOB } },
      detail: [
        {
          type: 'emergency-justification',
          valueString: 'Unconscious after a fall; no next of kin present',
        },
      ],
    });
    expect(emergency.agent[0]?.who).toMatchObject({ identifier: { system: ODS, value: 'REF01' } });
    // The refused "yes" Cornwall tried to record for Bob is in his audit too.
    expect(seen.filter((a) => a.outcome === '4').map((a) => a.outcomeDesc)).toContainEqual(
      expect.stringMatching(/^refused: recordInPersonAnswer: /),
    );
  });

  it('a date range before anything happened finds nothing; the patient reads her own audit', async () => {
    const none = body<{ total: number }>(
      await fhir(
        host,
        privacy,
        'GET',
        `/AuditEvent?patient:identifier=${NHS}|${BOB}&date=lt2026-07-01`,
      ),
    );
    expect(none.total).toBe(0);
    // Cornwall's refused attempts about Alice: the auditor sees them, Alice (as on /api/v1) does not.
    const refusals = async (caller: Caller) =>
      body<Bundle>(await fhir(host, caller, 'GET', `/AuditEvent?patient:identifier=${ALICE}`))
        .entry.map((e) => (e.resource as AuditEvent).outcomeDesc ?? '')
        .filter((d) => d.startsWith('refused:'));
    expect((await refusals(auditor)).length).toBeGreaterThan(0);
    expect(await refusals(alice)).toEqual([]);
  });
});

describe('every error is an OperationOutcome with the right status', () => {
  it.each([
    [
      'an unsupported search parameter',
      'GET',
      `/Consent?patient:identifier=${ALICE}&category=x`,
      undefined,
      400,
      'not-supported',
    ],
    ['a search without the patient', 'GET', '/Consent?status=active', undefined, 400, 'required'],
    [
      'a status that is not one',
      'GET',
      `/Consent?patient:identifier=${ALICE}&status=draft`,
      undefined,
      400,
      'value',
    ],
    [
      'a malformed date',
      'GET',
      `/AuditEvent?patient:identifier=${ALICE}&date=yesterday`,
      undefined,
      400,
      'invalid',
    ],
    [
      'a bad _count',
      'GET',
      `/AuditEvent?patient:identifier=${ALICE}&_count=0`,
      undefined,
      400,
      'invalid',
    ],
    [
      'XML asked for',
      'GET',
      `/Consent?patient:identifier=${ALICE}&_format=xml`,
      undefined,
      406,
      'not-supported',
    ],
    ['an unknown id', 'GET', '/Consent/no-such-consent', undefined, 404, 'not-found'],
    ['an unknown resource type', 'GET', '/Patient/alice', undefined, 404, 'not-found'],
    ['a method not offered', 'DELETE', '/Consent/abc', undefined, 405, 'not-supported'],
    ['a body that is not JSON', 'POST', '/Consent', '{not json', 400, 'structure'],
    [
      'a body that is not a Consent',
      'POST',
      '/Consent',
      { resourceType: 'Patient' },
      400,
      'structure',
    ],
    [
      'a Consent with contradicting rule and type',
      'POST',
      '/Consent',
      { ...postedConsent({ nhsNumber: ALICE, policy: 'OPTIN' }), provision: { type: 'deny' } },
      400,
      'invariant',
    ],
  ])('%s', async (_what, method, path, payload, status, code) => {
    refused(await fhir(host, alice, method, path, payload), status, code);
  });

  it('a body over the size limit is 413', async () => {
    const big = postedConsent({
      nhsNumber: ALICE,
      policy: 'OPTIN',
      extra: { text: 'x'.repeat(20_000) },
    });
    refused(await fhir(host, alice, 'POST', '/Consent', big), 413, 'too-costly');
  });

  it('no log line holds an NHS number, though searches and bodies carry them', () => {
    expect(host.logs.length).toBeGreaterThan(0);
    for (const nhs of [ALICE, BOB]) expect(host.logs.join('\n')).not.toContain(nhs);
  });

  it('a body of another media type is 415', async () => {
    refused(
      await fhir(host, alice, 'POST', '/Consent', undefined, { 'content-type': 'text/plain' }),
      415,
      'not-supported',
    );
  });
});
