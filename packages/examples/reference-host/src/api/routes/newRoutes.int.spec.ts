import { expectRight } from '@consentry/core/testing';
import { randomBytes } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import {
  inMemoryKeyTable,
  kekRing,
  keyVault,
  localKek,
  personalDataStore,
  versionConflict,
  type AccessDecision,
  type EventStore,
  type PatientDetails,
  type SharingSummary,
} from '@consentry/core';
import {
  testHost,
  type Client,
  type TestHost,
  type TestResponse,
} from '../../__fixtures__/testHost.js';
import { DEMO_PASSWORD } from '../../demo/data.js';
import { hashPassword } from '../../security/passwords.js';

/**
 * The API routes of the moves (docs/record-as-shared.md), erasure (docs/personal-data.md),
 * label consents and the shared entries: each through real sessions, the happy path and the
 * callers who must be refused, with what they tried to change left as it was.
 */
const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };
/** Passes modulus 11; no demo patient has it. */
const UNKNOWN_NHS_NUMBER = '4000000004';
const patientPath = (rest: string) => `/api/v1/patients/${ALICE.nhsNumber}/${rest}`;

let host: TestHost;

/** Personal data sealed under a key vault, as with CONSENTRY_KEK: erasure can work. */
const sealed = (store: EventStore): EventStore =>
  personalDataStore(store, keyVault(inMemoryKeyTable(), kekRing(localKek('k1', randomBytes(32)))));

const start = async (wrapStore?: (store: EventStore) => EventStore): Promise<void> => {
  host = await testHost({}, wrapStore === undefined ? {} : { wrapStore });
  await addOtherPractice();
};
afterEach(async () => {
  await host.close();
});

/** A second practice with its own staff: another practice's people, and a practice to move to. */
const addOtherPractice = async (): Promise<void> => {
  const registered = await host.consentry.registerOrganisation(
    {
      organisationId: 'other-practice',
      odsCode: 'C82999',
      name: 'Other Lane Surgery',
      kind: 'gp-practice',
      area: 'leicestershire',
    },
    { actor: { kind: 'system', id: 'test-setup' } },
  )();
  if (E.isLeft(registered)) throw new Error(registered.left.message);
  await host.hostDb.upsertAccount({
    username: 'otherpractice',
    role: 'practice-staff',
    organisationId: 'other-practice',
    displayName: 'Other practice administrator',
    passwordHash: await hashPassword(DEMO_PASSWORD, { N: 1024 }),
  });
};

const signedIn = async (username: string): Promise<Client> => {
  const client = host.client();
  await client.signInStaff(username);
  return client;
};

const aliceSignedIn = async (): Promise<Client> => {
  const alice = host.client();
  await alice.signInPatient(host.outbox, ALICE.nhsNumber, ALICE.dateOfBirth, ALICE.email);
  return alice;
};

const expectStatus = (response: TestResponse, status: number): TestResponse => {
  expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({
    status,
  });
  if (status >= 400) expect(response.headers['content-type']).toContain('application/problem+json');
  return response;
};

const alice = (): Promise<PatientDetails> =>
  expectRight(host.consentry.patient({ patientId: 'alice' }));
const decisionFor = (organisationId: string): Promise<AccessDecision> =>
  expectRight(host.consentry.checkAccess({ patientId: 'alice', organisationId }));
const sharing = (): Promise<SharingSummary> =>
  expectRight(host.consentry.sharingSummary({ patientId: 'alice' }));

/** Everything a refused call could have changed about Alice, read from core. */
const aliceNow = async () => ({
  patient: await alice(),
  sharing: await sharing(),
  hospital: await decisionFor('leic-hospital'),
  cornwall: await decisionFor('cornwall-hospital'),
});

/** Each refused caller answers `status` and leaves Alice exactly as she was. */
const refusedAll = async (
  attempts: readonly [Client, number][],
  call: (client: Client) => Promise<TestResponse>,
): Promise<void> => {
  const before = await aliceNow();
  for (const [client, status] of attempts) expectStatus(await call(client), status);
  expect(await aliceNow()).toEqual(before);
};

describe('POST /patients/{nhsNumber}/personal-data/erasure (erasePersonalData)', () => {
  it('the practice erases the contact details with a reason; the patient, another organisation and another practice cannot', async () => {
    await start(sealed);
    const erase = (client: Client, body: unknown = { scope: 'contact-details', reason: 'Asked' }) =>
      client.api('POST', patientPath('personal-data/erasure'), body);
    await refusedAll(
      [
        [await aliceSignedIn(), 403],
        [await signedIn('leicester'), 403],
        [await signedIn('auditor'), 403],
        [await signedIn('otherpractice'), 404],
      ],
      (client) => erase(client),
    );
    const practice = await signedIn('practice');
    // No reason, or an unknown scope: nothing is erased.
    await refusedAll([[practice, 400]], (client) => erase(client, { scope: 'contact-details' }));
    await refusedAll([[practice, 400]], (client) =>
      erase(client, { scope: 'everything', reason: 'Asked' }),
    );
    expect((await alice()).email).toBe(ALICE.email);

    const erased = expectStatus(await erase(practice), 200);
    expect(erased.json()).toMatchObject({ appended: 1 });
    const after = await alice();
    expect(after.email).not.toBe(ALICE.email);
    expect(after.name).toBe('Alice Smith');
    // Choices stay: the practice's sharing out consent is untouched.
    expect((await sharing()).sharingOut).toContainEqual(
      expect.objectContaining({ organisationId: 'leic-practice', answer: 'consent' }),
    );
  });

  it('is a 409 problem when the host keeps personal data in plain text, and nothing changes', async () => {
    await start();
    const practice = await signedIn('practice');
    await refusedAll([[practice, 409]], (client) =>
      client.api('POST', patientPath('personal-data/erasure'), {
        scope: 'all',
        reason: 'End of retention',
      }),
    );
  });
});

describe('PUT /patients/{nhsNumber}/home-area (changeHomeArea)', () => {
  it('the patient and their practice change it; an organisation cannot move the patient into its own area', async () => {
    await start();
    const cornwall = await signedIn('cornwall');
    expectStatus(
      await cornwall.api('POST', patientPath('care-relationship'), {
        selfClaimed: true,
        reason: 'A&E attendance',
      }),
      201,
    );
    expect((await decisionFor('cornwall-hospital')).outcome).toBe('verify');
    // The attack: make Cornwall local, so it would be ask-patient instead of needing the code.
    await refusedAll(
      [
        [cornwall, 403],
        [await signedIn('privacy'), 403],
        [await signedIn('otherpractice'), 404],
      ],
      (client) => client.api('PUT', patientPath('home-area'), { homeArea: 'cornwall' }),
    );
    expect((await decisionFor('cornwall-hospital')).outcome).toBe('verify');

    const me = await aliceSignedIn();
    expectStatus(await me.api('PUT', patientPath('home-area'), { homeArea: 'cornwall' }), 200);
    expect((await alice()).homeArea).toBe('cornwall');
    expect((await decisionFor('cornwall-hospital')).outcome).toBe('ask-patient');
    const practice = await signedIn('practice');
    expectStatus(
      await practice.api('PUT', patientPath('home-area'), { homeArea: 'leicestershire' }),
      200,
    );
    expect((await alice()).homeArea).toBe('leicestershire');
    expectStatus(await practice.api('PUT', patientPath('home-area'), { homeArea: '' }), 400);
  });

  it('is 503 Busy with Retry-After, the area unchanged, when another process keeps winning the race', async () => {
    let losing = false;
    const racing = (store: EventStore): EventStore =>
      new Proxy(store, {
        get: (target, property) =>
          property === 'appendToStream'
            ? (
                name: string,
                events: Parameters<EventStore['appendToStream']>[1],
                options?: object,
              ) =>
                losing
                  ? TE.left(versionConflict(name, 'any', 0n))
                  : target.appendToStream(name, events, options)
            : (Reflect.get(target, property, target) as unknown),
      });
    await start(racing);
    const me = await aliceSignedIn();
    losing = true;
    const busy = expectStatus(
      await me.api('PUT', patientPath('home-area'), { homeArea: 'cornwall' }),
      503,
    );
    losing = false;
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toMatchObject({ error: 'Busy' });
    expect((await alice()).homeArea).toBe('leicestershire');
  });
});

describe('POST /patients/{nhsNumber}/practice-registration (changePractice)', () => {
  it('the new practice registers the patient; organisation staff, the patient and auditors cannot', async () => {
    await start();
    await refusedAll(
      [
        [await signedIn('leicester'), 403],
        [await aliceSignedIn(), 403],
        [await signedIn('auditor'), 403],
      ],
      (client) => client.api('POST', patientPath('practice-registration')),
    );
    expect((await alice()).practiceId).toBe('leic-practice');

    const other = await signedIn('otherpractice');
    expectStatus(await other.api('POST', patientPath('practice-registration')), 200);
    expect((await alice()).practiceId).toBe('other-practice');
    expect((await decisionFor('other-practice')).outcome).toBe('permit');
    // A number nobody has: 404, nothing registered.
    expectStatus(
      await other.api('POST', `/api/v1/patients/${UNKNOWN_NHS_NUMBER}/practice-registration`),
      404,
    );
  });
});

describe('POST /patients/{nhsNumber}/deregistration (deregister)', () => {
  it('the practice deregisters; the patient, other organisations and other practices cannot', async () => {
    await start();
    await refusedAll(
      [
        [await aliceSignedIn(), 403],
        [await signedIn('leicester'), 403],
        [await signedIn('otherpractice'), 404],
      ],
      (client) => client.api('POST', patientPath('deregistration'), {}),
    );
    const practice = await signedIn('practice');
    expectStatus(
      await practice.api('POST', patientPath('deregistration'), { reason: 'Moved away' }),
      200,
    );
    expect(await decisionFor('leic-hospital')).toMatchObject({
      outcome: 'deny',
      reason: 'record-closed',
    });
  });
});

describe('POST /patients/{nhsNumber}/death (recordDeath)', () => {
  it('the practice records it once; nothing moves afterwards; nobody else may record it', async () => {
    await start();
    await refusedAll(
      [
        [await aliceSignedIn(), 403],
        [await signedIn('cornwall'), 403],
        [await signedIn('privacy'), 403],
        [await signedIn('otherpractice'), 404],
      ],
      (client) => client.api('POST', patientPath('death')),
    );
    const practice = await signedIn('practice');
    expectStatus(await practice.api('POST', patientPath('death')), 200);
    expect(await decisionFor('leic-hospital')).toMatchObject({
      outcome: 'deny',
      reason: 'record-closed',
    });
    await refusedAll([[practice, 409]], (client) =>
      client.api('PUT', patientPath('home-area'), { homeArea: 'cornwall' }),
    );
    // Recording it again changes nothing.
    expect(
      expectStatus(await practice.api('POST', patientPath('death')), 200).json(),
    ).toMatchObject({ appended: 0 });
  });
});

describe('POST /patients/{nhsNumber}/label-consents (consentToLabel)', () => {
  it('the patient opens a sensitive label to one organisation; that organisation cannot consent for itself', async () => {
    await start();
    const leicester = await signedIn('leicester');
    await refusedAll(
      [
        [leicester, 403],
        [await signedIn('auditor'), 403],
        [await signedIn('otherpractice'), 404],
      ],
      (client) =>
        client.api('POST', patientPath('label-consents'), {
          organisationId: 'leic-hospital',
          label: 'sexual-health',
        }),
    );
    expect((await sharing()).labelConsents).toEqual([]);

    const me = await aliceSignedIn();
    // A label core's policy does not list is refused and records nothing.
    await refusedAll([[me, 400]], (client) =>
      client.api('POST', patientPath('label-consents'), {
        organisationId: 'leic-hospital',
        label: 'gardening',
      }),
    );
    expectStatus(
      await me.api('POST', patientPath('label-consents'), {
        organisationId: 'leic-hospital',
        label: 'sexual-health',
      }),
      200,
    );
    expect((await sharing()).labelConsents).toEqual([
      expect.objectContaining({ organisationId: 'leic-hospital', label: 'sexual-health' }),
    ]);
  });
});

describe('GET /patients/{nhsNumber}/shared-entries (sharedEntries)', () => {
  type View = {
    decision: { outcome: string };
    visible: { entryId: string; label?: string }[];
    withheld: Record<string, unknown>[];
  };
  const entries = async (client: Client): Promise<View> =>
    expectStatus(await client.api('GET', patientPath('shared-entries')), 200).json<View>();
  const ids = (view: View) => view.visible.map((e) => e.entryId).sort();

  it('answers for the caller’s organisation: nothing but its own without a permit, no withheld label with one', async () => {
    await start();
    const cornwall = await signedIn('cornwall');
    // No permit: the decision, and not a word about the entries elsewhere.
    const none = await entries(cornwall);
    expect(none).toMatchObject({ decision: { outcome: 'deny' }, visible: [], withheld: [] });
    expect(JSON.stringify(none)).not.toContain('alice-');

    // Cornwall gets a permit with Alice's code.
    expectStatus(
      await cornwall.api('POST', patientPath('care-relationship'), {
        selfClaimed: true,
        reason: 'A&E attendance',
      }),
      201,
    );
    const asked = await cornwall.api('POST', '/api/v1/access-requests', {
      nhsNumber: ALICE.nhsNumber,
    });
    const { requestId } = asked.json<{ requestId: string }>();
    expectStatus(
      await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, {
        code: host.outbox.lastCodeFor(ALICE.email)!,
      }),
      200,
    );
    const history = (await expectRight(host.consentry.accessHistory({ patientId: 'alice' })))
      .entries.length;
    const permitted = await entries(cornwall);
    expect(permitted.decision.outcome).toBe('permit');
    // The practice shares out; the hospital has not been agreed; the sexual-health entry needs its own consent.
    expect(ids(permitted)).toEqual(['alice-1', 'alice-2']);
    expect(permitted.withheld).toEqual(
      expect.arrayContaining([
        {
          entryId: 'alice-3',
          organisationId: 'leic-practice',
          recordedAt: expect.any(String) as unknown,
          reason: 'sensitive',
        },
        expect.objectContaining({ entryId: 'alice-4', reason: 'sharing-out-not-agreed' }),
      ]),
    );
    expect(JSON.stringify(permitted.withheld)).not.toContain('sexual-health');
    // A query: nothing is recorded in the patient's history.
    expect(
      (await expectRight(host.consentry.accessHistory({ patientId: 'alice' }))).entries,
    ).toHaveLength(history);

    const me = await aliceSignedIn();
    expectStatus(
      await me.api('POST', patientPath('label-consents'), {
        organisationId: 'cornwall-hospital',
        label: 'sexual-health',
      }),
      200,
    );
    expect(ids(await entries(cornwall))).toEqual(['alice-1', 'alice-2', 'alice-3']);

    // The registered practice sees every entry.
    expect(ids(await entries(await signedIn('practice')))).toEqual([
      'alice-1',
      'alice-2',
      'alice-3',
      'alice-4',
    ]);
  });

  it('is refused to the patient, auditors and privacy officers (403), and to another practice (404)', async () => {
    await start();
    for (const [client, status] of [
      [await aliceSignedIn(), 403],
      [await signedIn('auditor'), 403],
      [await signedIn('privacy'), 403],
      [await signedIn('otherpractice'), 404],
    ] as const)
      expectStatus(await client.api('GET', patientPath('shared-entries')), status);
  });
});

describe('proxies: GET/PUT/DELETE /patients/{nhsNumber}/proxies[/{proxyId}], PUT …/capacity, PUT …/codes-recipient', () => {
  type Proxies = {
    lacksCapacity: boolean;
    codesTo: { to: string; proxyId?: string };
    proxies: { proxyId: string; inForce: boolean }[];
  };
  const proxiesNow = async (client: Client): Promise<Proxies> =>
    expectStatus(await client.api('GET', patientPath('proxies')), 200).json<Proxies>();
  const grant = {
    relationship: 'carer',
    evidence: 'Letter of authority seen',
    scope: ['receive-codes'],
  };

  it('the patient with capacity grants and revokes her own proxy; other organisations and people cannot', async () => {
    await start();
    const me = await aliceSignedIn();
    const practice = await signedIn('practice');
    for (const [client, status] of [
      [await signedIn('leicester'), 403],
      [await signedIn('auditor'), 403],
      [await signedIn('otherpractice'), 404],
    ] as const) {
      expectStatus(await client.api('PUT', patientPath('proxies/carer-1'), grant), status);
      expectStatus(await client.api('GET', patientPath('proxies')), status);
      expectStatus(
        await client.api('PUT', patientPath('capacity'), { lacksCapacity: true }),
        status,
      );
    }
    // The patient may not record her own capacity either.
    expectStatus(await me.api('PUT', patientPath('capacity'), { lacksCapacity: false }), 403);
    expect(await proxiesNow(practice)).toMatchObject({ lacksCapacity: false, proxies: [] });

    expectStatus(await me.api('PUT', patientPath('proxies/carer-1'), grant), 200);
    expect((await proxiesNow(me)).proxies).toEqual([
      expect.objectContaining({ proxyId: 'carer-1', inForce: true }),
    ]);
    expectStatus(
      await me.api('PUT', patientPath('codes-recipient'), { to: 'both', proxyId: 'carer-1' }),
      200,
    );
    expect((await proxiesNow(me)).codesTo).toEqual({ to: 'both', proxyId: 'carer-1' });
    expectStatus(await me.api('DELETE', patientPath('proxies/carer-1')), 200);
    expect((await proxiesNow(me)).proxies).toEqual([
      expect.objectContaining({ proxyId: 'carer-1', inForce: false }),
    ]);
  });

  it('once the practice records that she lacks capacity, core refuses her own grant (403 NotPermitted) and the practice manages them', async () => {
    await start();
    const practice = await signedIn('practice');
    const me = await aliceSignedIn();
    expectStatus(await practice.api('PUT', patientPath('capacity'), { lacksCapacity: true }), 200);
    const refused = expectStatus(await me.api('PUT', patientPath('proxies/carer-1'), grant), 403);
    expect(refused.json()).toMatchObject({ error: 'NotPermitted' });
    expectStatus(await me.api('PUT', patientPath('codes-recipient'), { to: 'patient' }), 403);
    expect(await proxiesNow(practice)).toMatchObject({ lacksCapacity: true, proxies: [] });

    expectStatus(
      await practice.api('PUT', patientPath('proxies/dad'), {
        ...grant,
        relationship: 'parent',
        mobile: '+447700900999',
      }),
      200,
    );
    expectStatus(
      await practice.api('PUT', patientPath('codes-recipient'), { to: 'proxy', proxyId: 'dad' }),
      200,
    );
    expect(await proxiesNow(practice)).toMatchObject({
      codesTo: { to: 'proxy', proxyId: 'dad' },
      proxies: [expect.objectContaining({ proxyId: 'dad', inForce: true })],
    });
  });
});

describe('GET/PUT /patients/{nhsNumber}/end-notices (endNotices, chooseEndNotices) and POST /maintenance (runMaintenance)', () => {
  /** The patient's choices so far, oldest first, as the store holds them. */
  const choices = async (): Promise<boolean[]> => {
    const all = await host.eventStore.readAll({ fromPosition: 0n, batchSize: 10_000 })();
    if (E.isLeft(all)) throw new Error(all.left.message);
    return all.right.events
      .filter((e) => e.type === 'EndNoticesChosen')
      .map((e) => (e.data as { tell: boolean }).tell);
  };
  const typesNow = async (): Promise<string[]> => {
    const all = await host.eventStore.readAll({ fromPosition: 0n, batchSize: 10_000 })();
    if (E.isLeft(all)) throw new Error(all.left.message);
    return all.right.events.map((e) => e.type);
  };

  it('the patient and her practice choose whether she is told; no organisation can stop her being told', async () => {
    await start();
    await refusedAll(
      [
        [await signedIn('leicester'), 403],
        [await signedIn('privacy'), 403],
        [await signedIn('otherpractice'), 404],
      ],
      (client) => client.api('PUT', patientPath('end-notices'), { tell: false }),
    );
    expect(await choices()).toEqual([]);
    const me = await aliceSignedIn();
    expectStatus(await me.api('PUT', patientPath('end-notices'), { tell: true }), 200);
    expect(await choices()).toEqual([true]);
    const practice = await signedIn('practice');
    expectStatus(await practice.api('PUT', patientPath('end-notices'), { tell: false }), 200);
    expect(await choices()).toEqual([true, false]);
    const read = expectStatus(await me.api('GET', patientPath('end-notices')), 200);
    expect(read.json()).toMatchObject({ patientId: 'alice', tell: false });
    expectStatus(await (await signedIn('leicester')).api('GET', patientPath('end-notices')), 403);
  });

  it('the sweep is the host’s alone: every person is refused by core (403 NotPermitted)', async () => {
    await start();
    const before = (await typesNow()).filter((type) => type !== 'AttemptRefused');
    for (const username of ['leicester', 'practice', 'privacy']) {
      const refused = expectStatus(
        await (await signedIn(username)).api('POST', '/api/v1/maintenance'),
        403,
      );
      expect(refused.json()).toMatchObject({ error: 'NotPermitted' });
    }
    for (const client of [await aliceSignedIn(), await signedIn('auditor')])
      expectStatus(await client.api('POST', '/api/v1/maintenance'), 403);
    // Nothing but the refusals' traces was appended.
    expect((await typesNow()).filter((type) => type !== 'AttemptRefused')).toEqual(before);
  });
});
