import Fastify from 'fastify';
import { installAccessControl } from './security/access.js';
import { testHost, type Client, type TestHost } from './__fixtures__/testHost.js';
import { eventCount } from './__fixtures__/events.js';

const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };
const BOB = { nhsNumber: '9487234527', dateOfBirth: '1950-11-02', mobile: '+447700900456' };

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

/** Runs an attack and checks it appended nothing. */
const unchanged = async (attack: () => Promise<void>): Promise<void> => {
  const before = await eventCount(host.eventStore);
  await attack();
  expect(await eventCount(host.eventStore)).toBe(before);
};

const cornwallAsksForAlice = async (): Promise<{
  cornwall: Client;
  requestId: string;
  code: string;
}> => {
  const cornwall = host.client();
  await cornwall.signInStaff('cornwall');
  expect(
    (
      await cornwall.api('POST', `/api/v1/patients/${ALICE.nhsNumber}/care-relationship`, {
        selfClaimed: true,
        reason: 'A&E attendance',
      })
    ).statusCode,
  ).toBe(201);
  const asked = await cornwall.api('POST', '/api/v1/access-requests', {
    nhsNumber: ALICE.nhsNumber,
  });
  expect(asked.statusCode).toBe(201);
  const body = asked.json<{ outcome: string; requestId: string }>();
  expect(body.outcome).toBe('verify');
  return { cornwall, requestId: body.requestId, code: host.outbox.lastCodeFor(ALICE.email)! };
};

describe('every route declares who may use it', () => {
  it('refuses to start an app with a route that has no access rule', async () => {
    const app = Fastify();
    installAccessControl(
      app,
      () => null,
      () => new Error('refused'),
    );
    expect(() => app.get('/forgot', () => 'open')).toThrow(/declares no access rule/);
    await app.close();
  });
});

describe('forged and replayed form posts', () => {
  it('refuses a post without a form token, with a wrong one, or with another session’s', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    const other = host.client();
    await other.signInStaff('practice');
    const url = `/practice/patients/${ALICE.nhsNumber}/choices`;
    await unchanged(async () => {
      expect((await practice.post(url, { preference: 'deny' }, { token: null })).statusCode).toBe(
        403,
      );
      expect(
        (
          await practice.post(
            url,
            { preference: 'deny' },
            { token: 'forged-token-forged-token-forged-token-000' },
          )
        ).statusCode,
      ).toBe(403);
      const othersToken = await other.formToken('/practice/lists');
      expect(
        (await practice.post(url, { preference: 'deny' }, { token: othersToken })).statusCode,
      ).toBe(403);
    });
  });

  it('accepts a form token once: the replayed post is refused and changes nothing', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    const token = await practice.formToken(`/practice/patients/${ALICE.nhsNumber}`);
    const url = `/practice/patients/${ALICE.nhsNumber}/choices`;
    expect((await practice.post(url, { preference: 'deny' }, { token })).statusCode).toBe(303);
    await unchanged(async () => {
      const replay = await practice.post(url, { preference: 'deny' }, { token });
      expect(replay.statusCode).toBe(403);
      expect(replay.body).toContain('This form has expired');
    });
  });

  it('refuses a cookie-authenticated API change without the X-Consentry-Request header', async () => {
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    await unchanged(async () => {
      const response = await host.request('POST', '/api/v1/access-requests', {
        headers: { cookie: cornwall.sessionCookie!, 'content-type': 'application/json' },
        body: JSON.stringify({ nhsNumber: ALICE.nhsNumber }),
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });
  });
});

describe('missing, expired and forged sessions', () => {
  it('sends visitors without a session to sign in, and answers the API with 401', async () => {
    const anonymous = host.client();
    expect((await anonymous.get('/patient')).statusCode).toBe(302);
    const api = await anonymous.api('GET', `/api/v1/patients/${ALICE.nhsNumber}/sharing`);
    expect(api.statusCode).toBe(401);
    expect(api.json()).toMatchObject({ status: 401, error: 'Unauthenticated' });
  });

  it('ends a session after 30 idle minutes', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    expect((await practice.get('/practice')).statusCode).toBe(200);
    host.advance(31 * 60_000);
    expect((await practice.get('/practice')).statusCode).toBe(302);
  });

  it('keeps a session alive while it is used, though activity is written at most once a minute', async () => {
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    for (let i = 0; i < 3; i += 1) {
      host.advance(20 * 60_000);
      expect((await cornwall.api('GET', '/api/v1/challenges')).statusCode).toBe(200);
      host.advance(30_000); // within a minute of the last write: not written again
      expect((await cornwall.api('GET', '/api/v1/challenges')).statusCode).toBe(200);
    }
    host.advance(29 * 60_000 + 30_001); // 30 min after the last write, 29.5 after the last use
    expect((await cornwall.api('GET', '/api/v1/challenges')).statusCode).toBe(401);
  });

  it('ignores a cookie whose signature does not match', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    const [name, value] = practice.sessionCookie!.split('=') as [string, string];
    const tampered = `${name}=${value.slice(0, -2)}xx`;
    const response = await host.request('GET', '/practice', { headers: { cookie: tampered } });
    expect(response.statusCode).toBe(302);
  });

  it('refuses an unknown API token, and never falls back to the cookie', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    const response = await host.request('GET', `/api/v1/patients/${ALICE.nhsNumber}/sharing`, {
      headers: {
        authorization: 'Bearer not-a-real-token-not-a-real-token',
        cookie: practice.sessionCookie!,
      },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('wrong role, wrong patient, wrong organisation', () => {
  it('refuses pages and API calls to roles that may not use them', async () => {
    const patient = host.client();
    await patient.signInPatient(host.outbox, ALICE.nhsNumber, ALICE.dateOfBirth, ALICE.email);
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    await unchanged(async () => {
      expect((await patient.get('/organisation')).statusCode).toBe(403);
      expect(
        (await patient.api('POST', '/api/v1/access-requests', { nhsNumber: ALICE.nhsNumber }))
          .statusCode,
      ).toBe(403);
      expect((await cornwall.get('/practice/lists')).statusCode).toBe(403);
      expect(
        (await cornwall.api('GET', `/api/v1/patients/${ALICE.nhsNumber}/access-history`))
          .statusCode,
      ).toBe(403);
      expect(
        (
          await cornwall.api('POST', '/api/v1/practices/leic-practice/prohibited', {
            organisationId: 'leic-hospital',
          })
        ).statusCode,
      ).toBe(403);
    });
  });

  it('does not let one patient read or change another patient’s history and choices', async () => {
    const bob = host.client();
    await bob.signInPatient(host.outbox, BOB.nhsNumber, BOB.dateOfBirth, BOB.mobile);
    expect(
      (await bob.api('GET', `/api/v1/patients/${BOB.nhsNumber}/access-history`)).statusCode,
    ).toBe(200);
    await unchanged(async () => {
      const history = await bob.api('GET', `/api/v1/patients/${ALICE.nhsNumber}/access-history`);
      expect(history.statusCode).toBe(404);
      expect(history.body).not.toContain('Alice');
      expect(
        (
          await bob.api('PUT', `/api/v1/patients/${ALICE.nhsNumber}/sharing/preference`, {
            preference: 'allow',
          })
        ).statusCode,
      ).toBe(404);
    });
  });

  it('does not let an organisation answer another organisation’s challenge', async () => {
    const { requestId, code } = await cornwallAsksForAlice();
    const leicester = host.client();
    await leicester.signInStaff('leicester');
    await unchanged(async () => {
      const stolen = await leicester.api('POST', `/api/v1/access-requests/${requestId}/code`, {
        code,
      });
      expect(stolen.statusCode).toBe(404);
      expect((await leicester.api('GET', '/api/v1/challenges')).json()).toEqual([]);
    });
  });

  it('does not let staff act for another organisation by naming it', async () => {
    const leicester = host.client();
    await leicester.signInStaff('leicester');
    await unchanged(async () => {
      const response = await leicester.api('POST', '/api/v1/access-requests', {
        nhsNumber: ALICE.nhsNumber,
        organisationId: 'cornwall-hospital',
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ field: 'organisationId' });
    });
  });
});

describe('codes', () => {
  it('accepts a verification code once; the replay is refused and changes nothing', async () => {
    const { cornwall, requestId, code } = await cornwallAsksForAlice();
    const first = await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, { code });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ outcome: 'permit', basis: 'verified-code' });
    await unchanged(async () => {
      expect(
        (await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, { code }))
          .statusCode,
      ).toBe(404);
    });
  });

  it('answers a wrong code with 422 and the attempts left, never the code', async () => {
    const { cornwall, requestId, code } = await cornwallAsksForAlice();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const response = await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, {
      code: wrong,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      error: 'CodeRejected',
      attemptsLeft: 4,
      field: 'code',
    });
    expect(response.body).not.toContain(code);
  });

  it('signs a patient in once per code: replaying the code post is refused', async () => {
    const patient = host.client();
    const [year, month, day] = ALICE.dateOfBirth.split('-') as [string, string, string];
    await patient.post(
      '/patient/sign-in',
      {
        nhsNumber: ALICE.nhsNumber,
        'dateOfBirth[day]': day,
        'dateOfBirth[month]': month,
        'dateOfBirth[year]': year,
      },
      { from: '/patient/sign-in' },
    );
    const pendingCookie = patient.sessionCookie!;
    const code = host.outbox.lastCodeFor(ALICE.email)!;
    const token = await patient.formToken('/patient/sign-in/code');
    expect((await patient.post('/patient/sign-in/code', { code }, { token })).statusCode).toBe(303);
    // The attacker replays the captured post with the pre-sign-in cookie: that session is gone.
    const replay = await host.request('POST', '/patient/sign-in/code', {
      headers: { cookie: pendingCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, _csrf: token }).toString(),
    });
    expect(replay.statusCode).toBe(403);
  });

  it('sends no code for a wrong date of birth, and says the same as for an unknown NHS number', async () => {
    const patient = host.client();
    const sentBefore = host.outbox.sent().length;
    const wrongBirth = await patient.post(
      '/patient/sign-in',
      {
        nhsNumber: ALICE.nhsNumber,
        'dateOfBirth[day]': '1',
        'dateOfBirth[month]': '1',
        'dateOfBirth[year]': '1990',
      },
      { from: '/patient/sign-in' },
    );
    const unknown = await patient.post(
      '/patient/sign-in',
      {
        nhsNumber: '9990000018',
        'dateOfBirth[day]': '1',
        'dateOfBirth[month]': '1',
        'dateOfBirth[year]': '1990',
      },
      { from: '/patient/sign-in' },
    );
    expect(wrongBirth.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(host.outbox.sent().length).toBe(sentBefore);
  });
});

describe('over-long and malformed input', () => {
  it('names the bad field and changes nothing', async () => {
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    await unchanged(async () => {
      const badNhs = await cornwall.api('POST', '/api/v1/access-requests', {
        nhsNumber: '1234567890',
      });
      expect(badNhs.statusCode).toBe(400);
      expect(badNhs.json()).toMatchObject({ error: 'InvalidInput', field: 'body.nhsNumber' });
      const longJustification = await cornwall.api('POST', '/api/v1/access-requests', {
        nhsNumber: ALICE.nhsNumber,
        purpose: 'ETREAT',
        justification: 'x'.repeat(2001),
      });
      expect(longJustification.json()).toMatchObject({ field: 'body.justification' });
      const smuggled = await cornwall.api('POST', '/api/v1/access-requests', {
        nhsNumber: ALICE.nhsNumber,
        patientId: 'bob',
      });
      expect(smuggled.json()).toMatchObject({ status: 400, field: 'body.patientId' });
      const badPath = await cornwall.api('GET', '/api/v1/access-check?patient=abc');
      expect(badPath.json()).toMatchObject({ status: 400, field: 'query.patient' });
      const notJson = await host.request('POST', '/api/v1/access-requests', {
        headers: {
          cookie: cornwall.sessionCookie!,
          'x-consentry-request': '1',
          'content-type': 'application/json',
        },
        body: '{"nhsNumber":',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.headers['content-type']).toContain('application/problem+json');
      const huge = await cornwall.api('POST', '/api/v1/access-requests', {
        nhsNumber: ALICE.nhsNumber,
        justification: 'x'.repeat(40_000),
      });
      expect(huge.statusCode).toBe(413);
    });
  });

  it('survives an over-long sign-in form without hashing megabytes', async () => {
    const visitor = host.client();
    const response = await visitor.post(
      '/staff/sign-in',
      { username: 'u'.repeat(10_000), password: 'p' },
      { from: '/staff/sign-in' },
    );
    expect(response.statusCode).toBe(401);
  });
});

describe('rate limits and headers', () => {
  it('limits sign-in attempts per client', async () => {
    const visitor = host.client();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      statuses.push(
        // A different account each time: this is the per-address limit, not the per-account
        // one (security/signInThrottle.unit.spec.ts).
        (
          await visitor.post(
            '/staff/sign-in',
            { username: `practice-${i}`, password: 'wrong' },
            { from: '/staff/sign-in' },
          )
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('sends security headers and a strict, HTTP-only session cookie', async () => {
    const staff = await host.request('GET', '/staff/sign-in');
    expect(staff.headers['content-security-policy']).toMatch(
      /default-src 'self'.*frame-ancestors 'none'/,
    );
    expect(staff.headers['x-content-type-options']).toBe('nosniff');
    expect(staff.setCookies).toHaveLength(1);
    expect(staff.setCookies[0]).toMatch(
      /^consentry_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/,
    );
  });

  it('sends JSON answers the pages’ security headers, with no CSP nonce', async () => {
    const page = await host.request('GET', '/staff/sign-in');
    const pagePolicy = page.headers['content-security-policy']!;
    expect(pagePolicy).toMatch(/script-src 'self' 'nonce-[0-9a-f]{32}';style-src 'self' 'nonce-/);
    const again = await host.request('GET', '/staff/sign-in');
    expect(again.headers['content-security-policy']).not.toBe(pagePolicy); // fresh nonces
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    const answers = [
      await host.request('GET', '/health'),
      await host.request('GET', '/api/v1/openapi.json'),
      await cornwall.api('GET', `/api/v1/access-check?patient=${ALICE.nhsNumber}`),
      await host.request('GET', '/api/v1/challenges'), // refused: 401 before any handler
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 401]);
    const helmetHeaders = Object.keys(page.headers).filter(
      (name) => !['content-type', 'content-length', 'set-cookie', 'date'].includes(name),
    );
    expect(helmetHeaders).toEqual(expect.arrayContaining(['x-frame-options', 'referrer-policy']));
    for (const answer of answers) {
      expect(answer.headers['content-security-policy']).toBe(
        pagePolicy.replace(/ 'nonce-[0-9a-f]+'/g, ''),
      );
      for (const name of helmetHeaders.filter((n) => n !== 'content-security-policy'))
        expect({ name, value: answer.headers[name] }).toEqual({ name, value: page.headers[name] });
    }
  });
});

describe('static files', () => {
  it('serves the NHS.UK stylesheet, and nothing outside the asset folders', async () => {
    const css = await host.request('GET', '/nhsuk/nhsuk-frontend.min.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    for (const path of [
      '/nhsuk/%2e%2e/%2e%2e/package.json',
      '/static/..%2f..%2fpackage.json',
      '/nhsuk/index.d.mts',
      '/assets/../../../etc/passwd',
    ]) {
      expect({ path, status: (await host.request('GET', path)).statusCode }).toEqual({
        path,
        status: 404,
      });
    }
  });
});

describe('production mode', () => {
  it('has no development outbox, and marks the session cookie Secure and __Host-', async () => {
    const production = await testHost({ mode: 'production', outbox: null });
    try {
      expect((await production.request('GET', '/dev/outbox')).statusCode).toBe(404);
      const page = await production.request('GET', '/staff/sign-in');
      expect(page.setCookies[0]).toMatch(
        /^__Host-consentry_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
      );
      expect(page.headers['strict-transport-security']).toContain('max-age=31536000');
    } finally {
      await production.close();
    }
  });
});
