import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { paths } from '../web/paths.js';
import { demoApiToken } from '../demo/seed.js';
import { testHost, type TestHost } from '../__fixtures__/testHost.js';
import { Browser } from './__fixtures__/browser.js';
import { keyringFromSecrets } from '@consentry/core';
import * as E from 'fp-ts/lib/Either.js';

const ALICE = { nhsNumber: '9434765919', dateOfBirth: '1984-03-15', email: 'alice@example.org' };
const SECOND_TOKEN = 'a-second-token-of-leicester-hospital-0000';

let host: TestHost;
beforeEach(async () => {
  host = await testHost();
});
afterEach(async () => {
  await host.close();
});

// The demo token of Cornwall Coast Hospital, as the test host's keyring derives it.
const cornwallToken = (): string => {
  const keyring = keyringFromSecrets({
    currentKeyId: 'test',
    keys: { test: 'a test secret of at least thirty-two bytes' },
  });
  if (E.isLeft(keyring)) throw new Error(keyring.left);
  return demoApiToken(keyring.right, 'cornwall-hospital');
};

describe('Cache-Control: no-store on everything that can carry patient data', () => {
  it('pages, API answers, errors and redirects say no-store; the design system’s files may be cached', async () => {
    const practice = host.client();
    await practice.signInStaff('practice');
    const alice = host.client();
    await alice.signInPatient(host.outbox, ALICE.nhsNumber, ALICE.dateOfBirth, ALICE.email);
    const answers = [
      await practice.get(`/practice/patients/${ALICE.nhsNumber}`),
      await practice.get('/alerts'),
      await practice.api('GET', `/api/v1/patients/${ALICE.nhsNumber}`),
      await practice.api('GET', `/api/v1/patients/${ALICE.nhsNumber}/access-history`),
      await alice.get('/patient'),
      await alice.get('/patient/history'),
      await alice.api('GET', `/api/v1/patients/${ALICE.nhsNumber}/sharing`),
      await practice.api('GET', '/api/v1/patients/9487234527/nothing-here'),
      await host.request('GET', '/patient'),
      await host.request('GET', '/staff/sign-in'),
    ];
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
    const css = await host.request('GET', '/static/app.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('the API’s rate limits are kept per token', () => {
  const enterCode = (token: string, address: string) =>
    new Browser(host.base, address).request(
      'POST',
      '/api/v1/access-requests/no-such-request/code',
      {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: '123456' }),
      },
    );

  it('one token’s budget is shared across addresses, and another token keeps its own', async () => {
    await host.hostDb.addApiToken(SECOND_TOKEN, {
      organisationId: 'leic-hospital',
      label: 'second',
    });
    const token = cornwallToken();
    // Ten attempts, spread over ten addresses, use up the token's ten a minute.
    for (let i = 0; i < 10; i++)
      expect((await enterCode(token, `127.0.0.${20 + i}`)).status).toBe(404);
    const eleventh = await enterCode(token, '127.0.0.40');
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers['content-type']).toContain('application/problem+json');
    // Another organisation's token, from an address Cornwall already used, is not held back.
    expect((await enterCode(SECOND_TOKEN, '127.0.0.20')).status).toBe(404);
  });
});

/** A request with a target too odd for fetch or http.request's checks: written on the socket. */
const raw = (base: string, lines: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const url = new URL(base);
    const socket = new net.Socket();
    let answer = '';
    socket.connect(Number(url.port), url.hostname, () => socket.end(lines));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });

describe('Fastify’s own errors come as problem+json and never echo the address', () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const request = http.request(`${host.base}${path}`, { agent: false, headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['content-type'] ?? '',
            body,
          }),
        );
      });
      request.on('error', reject);
      request.end();
    });

  it('a path segment over the length limit → 414', async () => {
    const answer = await get(`/api/v1/patients/${ALICE.nhsNumber.repeat(20)}`);
    expect(answer.status).toBe(414);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 414,
      error: 'InvalidInput',
      field: '(path)',
    });
    expect(answer.body).not.toContain(ALICE.nhsNumber);
  });

  it('an address that does not decode → 400', async () => {
    const answer = await get(`/api/v1/patients/${ALICE.nhsNumber}%zz`);
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).not.toContain(ALICE.nhsNumber);
  });

  it('headers over the size limit → 431, from the HTTP parser itself', async () => {
    const answer = await get(`/api/v1/patients/${ALICE.nhsNumber}`, {
      'x-padding': 'a'.repeat(20_000),
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, field: '(headers)' });
  });

  it('a request line the parser cannot read → 400 problem+json', async () => {
    const answer = await raw(
      host.base,
      'GET /api/v1/x HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Content-Type: application/problem+json');
  });
});

describe('an expired code is answered as docs/reference-host.md says', () => {
  it('the API: 404 ChallengeNotFound for a code entered after expiry, and nothing appended', async () => {
    const docs = fs.readFileSync(
      path.join(paths.templates, '..', '..', '..', '..', 'docs', 'reference-host.md'),
      'utf8',
    );
    const row = docs.split('\n').find((line) => /^\| 404 /.test(line))!;
    expect(row).toContain('a code entered after its challenge expired');

    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    await cornwall.api('POST', `/api/v1/patients/${ALICE.nhsNumber}/care-relationship`, {
      selfClaimed: true,
      reason: 'A&E attendance',
    });
    const asked = await cornwall.api('POST', '/api/v1/access-requests', {
      nhsNumber: ALICE.nhsNumber,
    });
    const { requestId, outcome } = asked.json<{ requestId: string; outcome: string }>();
    expect(outcome).toBe('verify');
    const code = host.outbox.lastCodeFor(ALICE.email)!;
    host.advance(10 * 60_000 + 1_000);
    const late = await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, { code });
    expect(late.statusCode).toBe(404);
    expect(late.json()).toMatchObject({ status: 404, error: 'ChallengeNotFound' });
    expect(late.headers['cache-control']).toBe('no-store');
  });
});
