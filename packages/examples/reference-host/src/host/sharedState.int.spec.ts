import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import pino from 'pino';
import { systemClock } from '@consentry/core';
import type { CapturingNotifier } from '@consentry/core/testing';
import { describeWithDatabase } from '@consentry/core/testing';
import { buildApp } from '../app.js';
import { decodeConfig } from '../config/config.js';
import { DEMO_PASSWORD, demoPatients } from '../demo/data.js';
import { seedDemo } from '../demo/seed.js';
import { openHost, type HostRuntime } from '../wiring/openHost.js';
import { send, type TestResponse } from '../__fixtures__/testHost.js';
import { paths } from '../web/paths.js';

// The built program (`pnpm build`; CI's `pnpm test` builds first), as cli/operator.int.spec.ts runs it.
const bin = path.join(paths.templates, '..', 'bin', 'consentry.js');

const [alice, bob] = demoPatients;
interface Patient {
  readonly nhsNumber: string;
  readonly dateOfBirth: string;
  /** Where the patient's code goes. */
  readonly to: string;
}
const ALICE: Patient = {
  nhsNumber: alice.nhsNumber,
  dateOfBirth: alice.dateOfBirth,
  to: alice.contact.email,
};
const BOB: Patient = {
  nhsNumber: bob.nhsNumber,
  dateOfBirth: bob.dateOfBirth,
  to: bob.contact.mobile,
};

/**
 * Two hosts — two complete apps, each with its own data folder — on one PostgreSQL database,
 * as behind a load balancer: a browser's requests land on either. Sessions, tokens, accounts
 * and every counter live in the database (docs/scaling.md), so moving between the hosts
 * neither signs anyone out nor resets a limit.
 */
describeWithDatabase('two reference hosts on one PostgreSQL database share their state', (url) => {
  const schema = `consentry_shared_${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = {
    CONSENTRY_MODE: 'development',
    CONSENTRY_STORE: `${url}?schema=${schema}`,
    CONSENTRY_KEYRING: `k1:${randomBytes(32).toString('base64')}`,
    CONSENTRY_LOG_LEVEL: 'warn',
  };
  interface Host {
    readonly base: string;
    readonly app: FastifyInstance;
    readonly runtime: HostRuntime;
    readonly outbox: CapturingNotifier;
  }
  const folders: string[] = [];
  const folder = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-shared-'));
    folders.push(dir);
    return dir;
  };
  const start = async (): Promise<Host> => {
    const config = decodeConfig({ ...env, CONSENTRY_DATA_DIR: folder() });
    if (E.isLeft(config)) throw new Error(config.left.message);
    const runtime = openHost(config.right, pino({ level: 'silent' }));
    if (E.isLeft(runtime)) throw new Error(runtime.left.message);
    const app = await buildApp({
      ...runtime.right,
      logger: pino({ level: 'silent' }),
      mode: 'development',
      now: () => systemClock.now(),
      limits: { attemptsPerMinute: 6 },
    });
    const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    return { base, app, runtime: runtime.right, outbox: runtime.right.outbox! };
  };

  let a: Host;
  let b: Host;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(paths.templates, '..', 'dist', 'cli', 'tokens.js')))
      throw new Error('packages/examples/reference-host/dist is missing: run `pnpm build` first');
    a = await start();
    b = await start();
    await seedDemo(a.runtime, { passwordCost: { N: 1024 } });
  }, 60_000);
  afterAll(async () => {
    for (const host of [a, b]) {
      host.app.server.closeAllConnections();
      await host.app.close();
      await host.runtime.close();
    }
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A browser on one local address (127.0.0.x, each its own client to the rate limiter) whose
   * requests go to whichever host it is told, with one cookie jar.
   */
  class Browser {
    cookie: string | undefined;
    constructor(private readonly address: string) {}
    get signedIn(): boolean {
      return this.cookie !== undefined;
    }
    get(host: Host, where: string): Promise<TestResponse> {
      return this.request(host, 'GET', where);
    }
    async post(host: Host, where: string, form: Record<string, string>, from: string) {
      const page = await this.get(host, from);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return this.postWith(host, where, form, token);
    }
    /** Posts with a form token fetched before. */
    postWith(host: Host, where: string, form: Record<string, string>, token: string) {
      return this.request(host, 'POST', where, new URLSearchParams({ ...form, _csrf: token }));
    }
    private request(host: Host, method: string, where: string, form?: URLSearchParams) {
      return new Promise<TestResponse>((resolve, reject) => {
        const request = http.request(
          `${host.base}${where}`,
          {
            method,
            localAddress: this.address,
            agent: false,
            headers: {
              ...(this.cookie === undefined ? {} : { cookie: this.cookie }),
              ...(form === undefined
                ? {}
                : { 'content-type': 'application/x-www-form-urlencoded' }),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const setCookies = response.headers['set-cookie'] ?? [];
              const set = setCookies.find((c) => c.startsWith('consentry_session='));
              if (set !== undefined) {
                const pair = set.split(';')[0]!;
                this.cookie = pair.endsWith('=') ? undefined : pair;
              }
              const body = Buffer.concat(chunks).toString('utf8');
              resolve({
                statusCode: response.statusCode ?? 0,
                headers: Object.fromEntries(
                  Object.entries(response.headers).map(([k, v]) => [
                    k,
                    Array.isArray(v) ? v.join(', ') : (v ?? ''),
                  ]),
                ),
                setCookies,
                body,
                json: <T>() => JSON.parse(body) as T,
              });
            });
          },
        );
        request.on('error', reject);
        request.end(form?.toString());
      });
    }
  }

  const staffSignIn = (browser: Browser, host: Host, username: string, password = DEMO_PASSWORD) =>
    browser.post(host, '/staff/sign-in', { username, password }, '/staff/sign-in');
  const askForCode = (browser: Browser, host: Host, patient = ALICE) => {
    const [year, month, day] = patient.dateOfBirth.split('-') as [string, string, string];
    return browser.post(
      host,
      '/patient/sign-in',
      {
        nhsNumber: patient.nhsNumber,
        'dateOfBirth[day]': day,
        'dateOfBirth[month]': month,
        'dateOfBirth[year]': year,
      },
      '/patient/sign-in',
    );
  };
  const enterCode = (browser: Browser, host: Host, code: string) =>
    browser.post(host, '/patient/sign-in/code', { code }, '/patient/sign-in/code');

  /** `consentry <args>` as an operator runs it on any host's machine: the built program. */
  const consentry = (args: readonly string[]): { out: string; err: string; status: number } => {
    const run = spawnSync('node', [bin, ...args], {
      env: { ...process.env, ...env, CONSENTRY_DATA_DIR: folder() },
      encoding: 'utf8',
      input: '',
    });
    return { out: run.stdout, err: run.stderr, status: run.status ?? -1 };
  };

  it('a staff session made on host A is valid on host B; signing out on B ends it on A', async () => {
    const browser = new Browser('127.0.0.2');
    expect((await staffSignIn(browser, a, 'cornwall')).statusCode).toBe(303);
    expect((await browser.get(b, '/organisation')).statusCode).toBe(200);
    expect((await browser.get(a, '/organisation')).statusCode).toBe(200);
    const cookie = browser.cookie!;
    expect((await browser.post(b, '/sign-out', {}, '/sign-out')).statusCode).toBe(303);
    expect(browser.signedIn).toBe(false);
    // The old cookie, replayed on A, no longer names a session.
    const replayed = await send(a.base, 'GET', '/organisation', { headers: { cookie } });
    expect(replayed.statusCode).toBe(302);
    expect(replayed.headers['location']).toBe('/?sign-in=needed');
  });

  it('a patient asks for a code on A and enters it on B', async () => {
    const browser = new Browser('127.0.0.3');
    expect((await askForCode(browser, a)).statusCode).toBe(303);
    const code = a.outbox.lastCodeFor(ALICE.to)!;
    expect((await enterCode(browser, b, code)).headers['location']).toBe('/patient');
    expect((await browser.get(a, '/patient')).statusCode).toBe(200);
  });

  it('an API token made with `consentry tokens create` works on both hosts; revoked, on neither', async () => {
    const made = consentry([
      'tokens',
      'create',
      '--organisation',
      'cornwall-hospital',
      '--scope',
      'api',
      '--label',
      'ward system',
    ]);
    const token = made.out.trim();
    expect(token).toMatch(/^cst_/);
    const call = (host: Host) =>
      send(host.base, 'GET', '/api/v1/challenges', {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await call(a)).statusCode).toBe(200);
    expect((await call(b)).statusCode).toBe(200);
    const tokenId = /Created (tok_[0-9a-f]+)/.exec(made.err)?.[1];
    expect(tokenId).toBeDefined();
    expect(consentry(['tokens', 'revoke', tokenId!]).status).toBe(0);
    expect((await call(a)).statusCode).toBe(401);
    expect((await call(b)).statusCode).toBe(401);
  });

  it('`consentry staff disable` ends the account’s sessions on both hosts', async () => {
    const onA = new Browser('127.0.0.4');
    const onB = new Browser('127.0.0.5');
    expect((await staffSignIn(onA, a, 'leicester')).statusCode).toBe(303);
    expect((await staffSignIn(onB, b, 'leicester')).statusCode).toBe(303);
    const disabled = consentry(['staff', 'disable', 'leicester']);
    expect(disabled.out).toContain('Disabled "leicester"');
    expect((await onA.get(b, '/organisation')).statusCode).toBe(302);
    expect((await onB.get(a, '/organisation')).statusCode).toBe(302);
    expect((await staffSignIn(new Browser('127.0.0.6'), b, 'leicester')).statusCode).toBe(401);
  });

  it('the sign-in code limit counts across hosts: two codes from A and one from B, and the fourth is refused on either', async () => {
    const browser = new Browser('127.0.0.7');
    // Alice had one code already (the test above); the limit is three in 15 minutes.
    expect((await askForCode(browser, a)).statusCode).toBe(303);
    expect((await askForCode(browser, b)).statusCode).toBe(303);
    const fourth = await askForCode(browser, b);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.body).toContain('We have sent you several codes already');
    expect((await askForCode(browser, a)).statusCode).toBe(429);
  });

  it('the wrong-code limit counts across hosts: wrong codes on A and B lock the sign-in, even for the right code', async () => {
    // Bob, whose codes are not spent by the tests above.
    const browser = new Browser('127.0.0.8');
    expect((await askForCode(browser, a, BOB)).statusCode).toBe(303);
    const code = a.outbox.lastCodeFor(BOB.to)!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const statuses: number[] = [];
    for (const host of [a, b, a, b])
      statuses.push((await enterCode(browser, host, wrong)).statusCode);
    expect(statuses).toEqual([422, 422, 422, 422]);
    expect((await enterCode(browser, b, wrong)).statusCode).toBe(409); // the fifth: locked
    const right = await browser.post(a, '/patient/sign-in/code', { code }, '/patient/sign-in');
    expect(right.statusCode).toBe(410);
    expect((await browser.get(b, '/patient')).statusCode).toBe(302);
  });

  it('wrong codes sent all at once, to both hosts, get five tries in all, not ten (attack)', async () => {
    // Bob again (Alice's codes in this window are spent): his second code of three.
    const browser = new Browser('127.0.0.10');
    expect((await askForCode(browser, b, BOB)).statusCode).toBe(303);
    const code = b.outbox.lastCodeFor(BOB.to)!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    // Ten form tokens first (one page each), then ten guesses at once, half to each host.
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) {
      const page = await browser.get(i % 2 === 0 ? a : b, '/patient/sign-in/code');
      tokens.push(/name="_csrf" value="([^"]+)"/.exec(page.body)![1]!);
    }
    // Each from its own address, so the per-address limit does not stop any of them.
    const answers = await Promise.all(
      tokens.map((token, i) => {
        const guesser = new Browser(`127.0.0.${20 + i}`);
        guesser.cookie = browser.cookie;
        return guesser.postWith(
          i % 2 === 0 ? a : b,
          '/patient/sign-in/code',
          { code: wrong },
          token,
        );
      }),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    // At most four "not right, N tries left"; every other guess is refused unchecked, as
    // locked (409) or as no longer pending (410, once a locked answer was saved first).
    expect(statuses.filter((status) => status === 422).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((status) => status !== 422).every((s) => s === 409 || s === 410)).toBe(
      true,
    );
    const right = await browser.post(a, '/patient/sign-in/code', { code }, '/patient/sign-in');
    expect(right.statusCode).toBe(410);
  });

  it('a host on the database with a development keyring of its own is told the others will not accept its sessions', async () => {
    const lines: string[] = [];
    const { CONSENTRY_KEYRING: _, ...withoutKeyring } = env;
    const config = decodeConfig({ ...withoutKeyring, CONSENTRY_DATA_DIR: folder() });
    if (E.isLeft(config)) throw new Error(config.left.message);
    const runtime = openHost(
      config.right,
      pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }),
    );
    if (E.isLeft(runtime)) throw new Error(runtime.left.message);
    await runtime.right.close();
    expect(lines.join('')).toContain('give every host the same CONSENTRY_KEYRING');
  });

  it('the per-address limit counts across hosts: attempts spread over A and B still hit it', async () => {
    const browser = new Browser('127.0.0.9');
    const statuses: number[] = [];
    // Six a minute per address; a different user name each time, so only this limit applies.
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await staffSignIn(browser, i % 2 === 0 ? a : b, `nobody-${i}`, 'x')).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });
});
