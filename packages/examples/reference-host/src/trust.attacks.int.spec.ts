import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { versionConflict, type EventStore, type RefusedCommand } from '@consentry/core';
import {
  testHost,
  type Client,
  type TestHost,
  type TestResponse,
} from './__fixtures__/testHost.js';
import { DEMO_PASSWORD } from './demo/data.js';
import { hashPassword } from './security/passwords.js';

/**
 * The bypasses of issue 18, tried as an attacker would through the JSON API and through the
 * web forms (real sessions, real form tokens). Each must be refused, leave the patient's
 * sharing and the organisation's decision as they were, and (where core refused it) leave a
 * trace the auditor can read.
 */
const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };
const CAROL = '9401404216';

let host: TestHost;
let auditor: Client;
let officer: Client;

/** A second practice with its own staff and privacy officer: another practice's people. */
const addOtherPractice = async (): Promise<void> => {
  const registered = await host.consentry.registerOrganisation(
    {
      organisationId: 'other-practice',
      odsCode: 'C82999',
      name: 'Other Lane Surgery',
      kind: 'gp-practice',
      area: 'leicestershire',
    },
    // The embedding host's own set-up: the one place `system` is used.
    { actor: { kind: 'system', id: 'test-setup' } },
  )();
  if (E.isLeft(registered)) throw new Error(registered.left.message);
  const passwordHash = await hashPassword(DEMO_PASSWORD, { N: 1024 });
  for (const [username, role] of [
    ['otherpractice', 'practice-staff'],
    ['otherprivacy', 'privacy-officer'],
  ] as const)
    await host.hostDb.upsertAccount({
      username,
      role,
      organisationId: 'other-practice',
      displayName: username,
      passwordHash,
    });
};

beforeEach(async () => {
  host = await testHost();
  await addOtherPractice();
  auditor = host.client();
  await auditor.signInStaff('auditor');
  officer = host.client();
  await officer.signInStaff('privacy');
});
afterEach(async () => {
  await host.close();
});

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

const ok = (response: TestResponse, status: number): TestResponse => {
  expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({
    status,
  });
  return response;
};

/** What the patient's choices and the organisation's decision are now, as an auditor and a privacy officer read them. */
const seen = async (nhsNumber: string, organisationId: string) => {
  const sharing = ok(await auditor.api('GET', `/api/v1/patients/${nhsNumber}/sharing`), 200);
  const check = ok(
    await officer.api(
      'GET',
      `/api/v1/access-check?patient=${nhsNumber}&organisation=${organisationId}`,
    ),
    200,
  );
  return { sharing: sharing.json(), decision: check.json<{ outcome: string }>() };
};

const refusedAttempts = async (nhsNumber: string): Promise<RefusedCommand[]> =>
  ok(await auditor.api('GET', `/api/v1/patients/${nhsNumber}/refused-attempts`), 200).json<
    RefusedCommand[]
  >();

/**
 * Runs an attack by `organisationId`'s people on the patient: it must answer `status`, leave
 * the sharing summary and the organisation's decision unchanged, and leave exactly one
 * refused attempt of `command` by that organisation for the auditor to see.
 */
const refusedAndTraced = async (
  nhsNumber: string,
  organisationId: string,
  command: string,
  attack: () => Promise<TestResponse>,
  status = 403,
): Promise<TestResponse> => {
  const before = await seen(nhsNumber, organisationId);
  const tracesBefore = await refusedAttempts(nhsNumber);
  const response = ok(await attack(), status);
  expect(await seen(nhsNumber, organisationId)).toEqual(before);
  const traces = await refusedAttempts(nhsNumber);
  expect(traces.slice(tracesBefore.length)).toEqual([
    expect.objectContaining({
      command,
      organisationId,
      actor: expect.objectContaining({ organisationId }) as unknown,
    }) as unknown,
  ]);
  return response;
};

/** Staff claim care by hand (with a reason): the relationship every attack below starts from. */
const claimCare = async (staff: Client, nhsNumber: string): Promise<void> => {
  ok(
    await staff.api('POST', `/api/v1/patients/${nhsNumber}/care-relationship`, {
      selfClaimed: true,
      reason: 'Seen in clinic today',
    }),
    201,
  );
};

const inPersonPage = (nhsNumber: string) => `/organisation/patients/${nhsNumber}`;

describe('skipping the code: an out-of-area hospital records an in-person yes for itself', () => {
  it('is refused through the API and the web form, with the decision, and traced; three raise an alert', async () => {
    const cornwall = await signedIn('cornwall');
    await claimCare(cornwall, ALICE.nhsNumber);
    expect((await seen(ALICE.nhsNumber, 'cornwall-hospital')).decision.outcome).toBe('verify');

    const api = await refusedAndTraced(
      ALICE.nhsNumber,
      'cornwall-hospital',
      'recordInPersonAnswer',
      () =>
        cornwall.api('POST', `/api/v1/patients/${ALICE.nhsNumber}/in-person-answers`, {
          answer: 'consent',
        }),
    );
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({
      error: 'NotPermitted',
      decision: { outcome: 'verify' },
    });

    // The page never offers the form to an organisation that must use the code...
    const page = inPersonPage(ALICE.nhsNumber);
    expect((await cornwall.get(page)).body).not.toContain(`action="${page}/in-person"`);
    // ...and a post made by hand, with a real form token, is refused and shown.
    const web = await refusedAndTraced(
      ALICE.nhsNumber,
      'cornwall-hospital',
      'recordInPersonAnswer',
      () => cornwall.post(`${page}/in-person`, { answer: 'consent' }, { from: page }),
    );
    expect(web.headers['content-type']).toContain('text/html');
    expect(web.body).toContain('The patient’s answer was not recorded.');
    expect(web.body).toContain('verification code');

    // A third refusal by the same organisation for the same patient raises an alert.
    await refusedAndTraced(ALICE.nhsNumber, 'cornwall-hospital', 'setSharingPreference', () =>
      cornwall.api('PUT', `/api/v1/patients/${ALICE.nhsNumber}/sharing/preference`, {
        preference: 'allow',
        organisationId: 'cornwall-hospital',
      }),
    );
    const alerts = ok(await auditor.api('GET', '/api/v1/alerts'), 200).json<
      { kind: string; organisationId: string }[]
    >();
    expect(alerts).toContainEqual(
      expect.objectContaining({ kind: 'repeated-refusals', organisationId: 'cornwall-hospital' }),
    );
  });
});

describe('allowing itself: a local organisation sets allow for itself where the patient said no', () => {
  const allowLeicester = (leicester: Client) => () =>
    leicester.api('PUT', `/api/v1/patients/${ALICE.nhsNumber}/sharing/preference`, {
      preference: 'allow',
      organisationId: 'leic-hospital',
    });
  // The page offers no in-person form here: the attacker takes a real form token from a page
  // that has a form (the emergency page) and posts by hand.
  const consentInPerson = (leicester: Client) => () => {
    const page = inPersonPage(ALICE.nhsNumber);
    return leicester.post(
      `${page}/in-person`,
      { answer: 'consent' },
      { from: `${page}/emergency` },
    );
  };

  it('over the patient’s deny for that organisation', async () => {
    const leicester = await signedIn('leicester');
    await claimCare(leicester, ALICE.nhsNumber);
    const alice = await aliceSignedIn();
    ok(
      await alice.api('PUT', `/api/v1/patients/${ALICE.nhsNumber}/sharing/preference`, {
        preference: 'deny',
        organisationId: 'leic-hospital',
      }),
      200,
    );
    const refused = await refusedAndTraced(
      ALICE.nhsNumber,
      'leic-hospital',
      'setSharingPreference',
      allowLeicester(leicester),
    );
    expect(refused.json()).toMatchObject({ error: 'NotPermitted' });
    await refusedAndTraced(
      ALICE.nhsNumber,
      'leic-hospital',
      'recordInPersonAnswer',
      consentInPerson(leicester),
    );
    expect((await seen(ALICE.nhsNumber, 'leic-hospital')).decision).toMatchObject({
      outcome: 'deny',
      reason: 'patient-dissent',
    });
  });

  it('after the patient pressed “Stop sharing” in the portal', async () => {
    const leicester = await signedIn('leicester');
    await claimCare(leicester, ALICE.nhsNumber);
    // Asked in person while the decision was ask-patient: allowed, and the record opens.
    const page = inPersonPage(ALICE.nhsNumber);
    ok(await leicester.post(`${page}/in-person`, { answer: 'consent' }, { from: page }), 303);
    expect((await seen(ALICE.nhsNumber, 'leic-hospital')).decision.outcome).toBe('permit');

    const alice = await aliceSignedIn();
    ok(await alice.post('/patient/stop-sharing/leic-hospital', {}, { from: '/patient' }), 303);
    expect((await seen(ALICE.nhsNumber, 'leic-hospital')).decision.outcome).toBe('deny');

    await refusedAndTraced(
      ALICE.nhsNumber,
      'leic-hospital',
      'setSharingPreference',
      allowLeicester(leicester),
    );
    await refusedAndTraced(
      ALICE.nhsNumber,
      'leic-hospital',
      'recordInPersonAnswer',
      consentInPerson(leicester),
    );
  });

  it('over a deny for all organisations set by the patient', async () => {
    const leicester = await signedIn('leicester');
    await claimCare(leicester, ALICE.nhsNumber);
    const alice = await aliceSignedIn();
    ok(
      await alice.api('PUT', `/api/v1/patients/${ALICE.nhsNumber}/sharing/preference`, {
        preference: 'deny',
      }),
      200,
    );
    await refusedAndTraced(
      ALICE.nhsNumber,
      'leic-hospital',
      'setSharingPreference',
      allowLeicester(leicester),
    );
    await refusedAndTraced(
      ALICE.nhsNumber,
      'leic-hospital',
      'recordInPersonAnswer',
      consentInPerson(leicester),
    );
  });

  it('for a patient with no phone or e-mail, where the decision is not ask-patient', async () => {
    const cornwall = await signedIn('cornwall');
    await claimCare(cornwall, CAROL);
    expect((await seen(CAROL, 'cornwall-hospital')).decision).toMatchObject({
      outcome: 'deny',
      reason: 'no-verification-channel',
    });
    const api = await refusedAndTraced(CAROL, 'cornwall-hospital', 'setSharingPreference', () =>
      cornwall.api('PUT', `/api/v1/patients/${CAROL}/sharing/preference`, {
        preference: 'allow',
        organisationId: 'cornwall-hospital',
      }),
    );
    expect(api.json()).toMatchObject({
      decision: { outcome: 'deny', reason: 'no-verification-channel' },
    });
    const page = inPersonPage(CAROL);
    expect((await cornwall.get(page)).body).not.toContain(`action="${page}/in-person"`);
    await refusedAndTraced(CAROL, 'cornwall-hospital', 'recordInPersonAnswer', () =>
      cornwall.post(`${page}/in-person`, { answer: 'consent' }, { from: `${page}/emergency` }),
    );
  });

  it('while a local organisation may still record the yes where it may ask in person', async () => {
    // The control: the same post succeeds where the leaflet allows asking in person.
    const leicester = await signedIn('leicester');
    await claimCare(leicester, CAROL);
    expect((await seen(CAROL, 'leic-hospital')).decision.outcome).toBe('ask-patient');
    ok(
      await leicester.api('PUT', `/api/v1/patients/${CAROL}/sharing/preference`, {
        preference: 'allow',
        organisationId: 'leic-hospital',
      }),
      200,
    );
    expect((await seen(CAROL, 'leic-hospital')).decision).toMatchObject({
      outcome: 'permit',
      basis: 'patient-consent',
    });
    expect(await refusedAttempts(CAROL)).toEqual([]);
  });
});

describe('acting for others', () => {
  it('staff set a preference for another organisation, or for all organisations', async () => {
    const leicester = await signedIn('leicester');
    await claimCare(leicester, CAROL);
    for (const organisationId of ['leic-urgent-care', undefined])
      await refusedAndTraced(CAROL, 'leic-hospital', 'setSharingPreference', () =>
        leicester.api('PUT', `/api/v1/patients/${CAROL}/sharing/preference`, {
          preference: 'allow',
          ...(organisationId === undefined ? {} : { organisationId }),
        }),
      );
    expect((await seen(CAROL, 'leic-urgent-care')).decision.outcome).toBe('deny');
    // The web offers organisation staff no form that names an organisation: the practice's
    // choices form (which does) is not theirs, and changes nothing.
    const before = await seen(CAROL, 'leic-urgent-care');
    const practicePage = `/practice/patients/${CAROL}`;
    const token = await (await signedIn('practice')).formToken(practicePage);
    ok(
      await leicester.post(
        `${practicePage}/choices`,
        { preference: 'allow', organisationId: 'leic-urgent-care' },
        { token: token },
      ),
      403,
    );
    expect(await seen(CAROL, 'leic-urgent-care')).toEqual(before);
  });

  it('practice staff (of another practice, or of the patient’s own) close an alert', async () => {
    const urgent = await signedIn('urgentcare');
    ok(
      await urgent.api('POST', '/api/v1/access-requests', {
        nhsNumber: ALICE.nhsNumber,
        purpose: 'ETREAT',
        justification: 'Unconscious after a fall, no one with her',
      }),
      201,
    );
    const openAlerts = async () =>
      ok(await auditor.api('GET', '/api/v1/alerts?status=open'), 200).json<
        { alertId: string; kind: string }[]
      >();
    const [alert] = await openAlerts();
    expect(alert).toMatchObject({ kind: 'emergency-access' });
    const review = `/api/v1/alerts/${alert!.alertId}/review`;

    const otherPractice = await signedIn('otherpractice');
    const ownPractice = await signedIn('practice');
    const otherOfficer = await signedIn('otherprivacy');
    for (const staff of [otherPractice, ownPractice])
      expect(
        ok(await staff.api('POST', review, { outcome: 'appropriate' }), 403).json(),
      ).toMatchObject({ status: 403 });
    // Another practice's privacy officer does not even see it.
    ok(await otherOfficer.api('POST', review, { outcome: 'appropriate' }), 404);
    // The web forms: practice staff, with real form tokens, are refused; the other officer is
    // offered no form for it.
    const webReview = `/alerts/${alert!.alertId}/review`;
    ok(
      await otherPractice.post(webReview, { outcome: 'appropriate' }, { from: '/practice/lists' }),
      403,
    );
    ok(
      await ownPractice.post(webReview, { outcome: 'appropriate' }, { from: '/practice/lists' }),
      403,
    );
    const ownPracticeAlerts = await ownPractice.get('/alerts');
    expect(ownPracticeAlerts.body).toContain('Emergency access');
    expect(ownPracticeAlerts.body).not.toContain(`action="${webReview}"`);
    expect((await otherOfficer.get('/alerts')).body).not.toContain(alert!.alertId);
    // The auditor reads every alert and reviews none.
    const auditorAlerts = await auditor.get('/alerts');
    expect(auditorAlerts.body).toContain('Emergency access');
    expect(auditorAlerts.body).not.toContain(`action="${webReview}"`);
    ok(await auditor.api('POST', review, { outcome: 'appropriate' }), 403);
    expect(await openAlerts()).toEqual([expect.objectContaining({ alertId: alert!.alertId })]);

    // The privacy officer of the patient's practice may, and is recorded as a privacy
    // officer of that practice, never as `system`.
    ok(await officer.post(webReview, { outcome: 'appropriate' }, { from: '/alerts' }), 303);
    expect(await openAlerts()).toEqual([]);
    const reviewed = await reviewEvent(alert!.alertId);
    expect(reviewed?.metadata.actor).toEqual({
      kind: 'privacy-officer',
      id: 'privacy',
      organisationId: 'leic-practice',
    });
  });

  it('practice staff of another practice, or a privacy officer, register or close an organisation', async () => {
    const organisations = async () =>
      ok(await auditor.api('GET', '/api/v1/organisations'), 200).json();
    const before = await organisations();
    for (const username of ['otherpractice', 'privacy', 'otherprivacy']) {
      const person = await signedIn(username);
      const registered = ok(
        await person.api('POST', '/api/v1/organisations', {
          odsCode: 'X99999',
          name: 'Fake Hospital',
          kind: 'hospital',
          area: 'leicestershire',
        }),
        403,
      );
      expect(registered.json()).toMatchObject({ error: 'NotPermitted' });
      ok(await person.api('POST', '/api/v1/organisations/cornwall-hospital/closure'), 403);
    }
    expect(await organisations()).toEqual(before);
    // No page offers it.
    const page = await (await signedIn('privacy')).get('/alerts');
    expect(page.body).not.toContain('/organisations');
  });

  it('a privacy officer acts as themselves, never as system', async () => {
    const privacy = await signedIn('privacy');
    const attempt = ok(
      await privacy.api('POST', '/api/v1/organisations', {
        odsCode: 'X99998',
        name: 'Officer’s Own Clinic',
        kind: 'hospital',
        area: 'leicestershire',
      }),
      403,
    );
    expect(attempt.json<{ detail: string }>().detail).toContain('privacy-officer of leic-practice');
    // Nor does a privacy officer change a patient's details or choices.
    ok(
      await privacy.api('PUT', `/api/v1/patients/${CAROL}/contact-details`, {
        mobile: '07700 900111',
      }),
      403,
    );
    ok(
      await privacy.api('PUT', `/api/v1/patients/${CAROL}/sharing/preference`, {
        preference: 'allow',
      }),
      403,
    );
  });
});

describe('self-declared care', () => {
  it('staff starting care without the self-claim flag are refused and traced; with a reason it raises an alert', async () => {
    const leicester = await signedIn('leicester');
    const url = `/api/v1/patients/${CAROL}/care-relationship`;
    for (const body of [{}, { reason: 'Admitted' }, { selfClaimed: false, reason: 'Admitted' }])
      expect(
        (
          await refusedAndTraced(CAROL, 'leic-hospital', 'startCare', () =>
            leicester.api('POST', url, body),
          )
        ).json(),
      ).toMatchObject({ error: 'NotPermitted' });
    // A claim needs a reason: refused before core, and nothing recorded.
    const before = await seen(CAROL, 'leic-hospital');
    ok(await leicester.api('POST', url, { selfClaimed: true }), 400);
    const page = inPersonPage(CAROL);
    const blank = ok(await leicester.post(`${page}/care`, { reason: ' ' }, { from: page }), 400);
    expect(blank.body).toContain('Say why you are caring for this patient');
    expect(await seen(CAROL, 'leic-hospital')).toEqual(before);

    // The web form claims care by hand: recorded, with an alert the practice's officer sees.
    ok(await leicester.post(`${page}/care`, { reason: 'Admitted via A&E' }, { from: page }), 303);
    expect((await seen(CAROL, 'leic-hospital')).decision.outcome).toBe('ask-patient');
    expect((await officer.get('/alerts')).body).toContain('Self-claimed care relationship');
  });

  it('a referral from the registered practice starts care with no alert', async () => {
    const practice = await signedIn('practice');
    const page = `/practice/patients/${CAROL}`;
    ok(await practice.post(`${page}/referral`, { to: 'leic-hospital' }, { from: page }), 303);
    expect((await seen(CAROL, 'leic-hospital')).decision.outcome).toBe('ask-patient');
    // The API: staff of an organisation with no care of its own cannot refer on.
    const urgent = await signedIn('urgentcare');
    await refusedAndTraced(CAROL, 'leic-urgent-care', 'referCare', () =>
      urgent.api('POST', `/api/v1/patients/${CAROL}/referrals`, { to: 'cornwall-hospital' }),
    );
    ok(
      await practice.api('POST', `/api/v1/patients/${CAROL}/referrals`, {
        to: 'leic-urgent-care',
      }),
      201,
    );
    expect(ok(await auditor.api('GET', '/api/v1/alerts?status=all'), 200).json()).toEqual([]);
  });
});

describe('other gaps found the same way', () => {
  it('a refused record view leaves a trace, through the API and the web form', async () => {
    const cornwall = await signedIn('cornwall');
    await claimCare(cornwall, ALICE.nhsNumber);
    const api = await refusedAndTraced(ALICE.nhsNumber, 'cornwall-hospital', 'viewRecord', () =>
      cornwall.api('POST', `/api/v1/patients/${ALICE.nhsNumber}/record-views`),
    );
    expect(api.json()).toMatchObject({ error: 'NotPermitted', decision: { outcome: 'verify' } });
    const page = inPersonPage(ALICE.nhsNumber);
    await refusedAndTraced(ALICE.nhsNumber, 'cornwall-hospital', 'viewRecord', () =>
      cornwall.post(`${page}/record`, {}, { from: page }),
    );
    // The patient's own history counts records opened, not attempts.
    const history = ok(
      await auditor.api('GET', `/api/v1/patients/${ALICE.nhsNumber}/access-history`),
      200,
    ).json<{ entries: unknown[] }>();
    expect(history.entries).toEqual([]);
  });

  it('a code is resent at most 3 times: the 4th is 429', async () => {
    const cornwall = await signedIn('cornwall');
    await claimCare(cornwall, ALICE.nhsNumber);
    const asked = ok(
      await cornwall.api('POST', '/api/v1/access-requests', { nhsNumber: ALICE.nhsNumber }),
      201,
    ).json<{ requestId: string }>();
    const resend = () => cornwall.api('POST', `/api/v1/access-requests/${asked.requestId}/resend`);
    for (let i = 0; i < 3; i += 1) ok(await resend(), 200);
    const sent = host.outbox.sent().length;
    const fourth = ok(await resend(), 429);
    expect(fourth.json()).toMatchObject({ error: 'RateLimited', scope: 'challenge-resends' });
    expect(fourth.headers['retry-after']).toMatch(/^\d+$/);
    expect(host.outbox.sent().length).toBe(sent);
  });
});

describe('an emergency justification that says nothing', () => {
  it('is refused through the API and the web form, and opens nothing', async () => {
    const urgent = await signedIn('urgentcare');
    const page = inPersonPage(ALICE.nhsNumber);
    const before = await seen(ALICE.nhsNumber, 'leic-urgent-care');
    for (const justification of ['.', '\u200b'.repeat(40), 'a b\u200bc\td e'])
      expect(
        ok(
          await urgent.api('POST', '/api/v1/access-requests', {
            nhsNumber: ALICE.nhsNumber,
            purpose: 'ETREAT',
            justification,
          }),
          400,
        ).json(),
      ).toMatchObject({ error: 'InvalidInput' });
    const web = ok(
      await urgent.post(
        `${page}/emergency`,
        { justification: '\u200b'.repeat(40) },
        { from: `${page}/emergency` },
      ),
      400,
    );
    expect(web.body).toContain('at least 10 letters or figures');
    expect(await seen(ALICE.nhsNumber, 'leic-urgent-care')).toEqual(before);
    expect(ok(await auditor.api('GET', '/api/v1/alerts?status=all'), 200).json()).toEqual([]);
  });
});

describe('validation', () => {
  it('refuses a date of birth in the future and a practice on its own lists, changing nothing', async () => {
    const practice = await signedIn('practice');
    const future = ok(
      await practice.api('POST', '/api/v1/patients', {
        nhsNumber: '9430000020',
        name: 'Not Born Yet',
        dateOfBirth: '2099-01-01',
        homeArea: 'leicestershire',
      }),
      400,
    );
    expect(future.json()).toMatchObject({ error: 'InvalidInput' });
    ok(await practice.api('GET', '/api/v1/patients/9430000020'), 404);
    for (const list of ['allowed', 'prohibited'])
      expect(
        ok(
          await practice.api('POST', `/api/v1/practices/leic-practice/${list}`, {
            organisationId: 'leic-practice',
          }),
          400,
        ).json(),
      ).toMatchObject({ error: 'InvalidInput' });
    expect(
      ok(await practice.api('GET', '/api/v1/practices/leic-practice/lists'), 200).json(),
    ).toMatchObject({ allowed: [], prohibited: [] });
  });
});

describe('contention and duplicates', () => {
  it('50 concurrent writers on one patient all complete, none Busy', async () => {
    const practice = await signedIn('practice');
    const organisations = ['leic-hospital', 'leic-urgent-care', 'cornwall-hospital'];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        practice.api('PUT', `/api/v1/patients/${ALICE.nhsNumber}/sharing/preference`, {
          preference: i % 2 === 0 ? 'allow' : 'deny',
          organisationId: organisations[i % organisations.length],
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 50 }, () => 200));
  });

  it('concurrent registrations of one NHS number: one 201, the rest 409 naming that patient', async () => {
    const practice = await signedIn('practice');
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        practice.api('POST', '/api/v1/patients', {
          nhsNumber: '9430000012',
          name: `Dan Twice ${i}`,
          dateOfBirth: '1990-01-01',
          homeArea: 'leicestershire',
        }),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(1);
    const patientId = created[0]!.json<{ patientId: string }>().patientId;
    const conflicts = responses.filter((r) => r.statusCode !== 201);
    expect(conflicts.map((r) => r.statusCode)).toEqual(Array.from({ length: 11 }, () => 409));
    for (const conflict of conflicts)
      expect(conflict.json()).toMatchObject({ error: 'Conflict', existing: patientId });
  });
});

describe('Busy', () => {
  it('is 503 with Retry-After, and changes nothing, when another process keeps winning the race', async () => {
    // A store on which every append to a consent stream loses to "another process": core
    // retries on a fresh read each time, then gives up with Busy.
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
                losing && name.startsWith('consent-')
                  ? TE.left(versionConflict(name, 'any', 0n))
                  : target.appendToStream(name, events, options)
            : (Reflect.get(target, property, target) as unknown),
      });
    await host.close();
    host = await testHost({}, { wrapStore: racing });
    auditor = await signedIn('auditor');
    officer = await signedIn('privacy');
    const alice = await aliceSignedIn();
    const before = await seen(ALICE.nhsNumber, 'leic-hospital');
    losing = true;
    const busy = await alice.api('PUT', `/api/v1/patients/${ALICE.nhsNumber}/sharing/preference`, {
      preference: 'deny',
    });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toMatchObject({ error: 'Busy', retryAfterSeconds: 1 });
    losing = false;
    expect(await seen(ALICE.nhsNumber, 'leic-hospital')).toEqual(before);
  });
});

const reviewEvent = async (alertId: string) => {
  const all = await host.eventStore.readAll({ fromPosition: 0n, batchSize: 10_000 })();
  if (E.isLeft(all)) throw new Error(all.left.message);
  return all.right.events.find(
    (e) =>
      e.type.endsWith('Reviewed') &&
      JSON.stringify(e.data).includes(alertId) &&
      e.metadata.actor.kind !== 'system',
  );
};
