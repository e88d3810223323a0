import * as E from 'fp-ts/lib/Either.js';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createConsentry, inMemoryEventStore, keyringFromSecrets, type Consentry, type EventStore } from '@consentry/core';
import { capturingNotifier, type CapturingNotifier } from '@consentry/core/testing';
import { buildApp, type AppDeps } from '../app.js';
import { openHostDb, type HostDb } from '../host/hostDb.js';
import { recordsIn } from '../host/records.js';
import { createLogger } from '../logging.js';
import { seedDemo } from '../demo/seed.js';
import { DEMO_PASSWORD } from '../demo/data.js';

export interface TestHost {
  readonly app: FastifyInstance;
  readonly consentry: Consentry;
  readonly eventStore: EventStore;
  readonly hostDb: HostDb;
  readonly outbox: CapturingNotifier;
  /** Every log line the app wrote. */
  readonly logs: string[];
  advance(ms: number): void;
  close(): Promise<void>;
}

/** The app on an in-memory store with the demo seeded, a capturing notifier and a manual clock. */
export const testHost = async (overrides: Partial<AppDeps> = {}): Promise<TestHost> => {
  let now = Date.parse('2026-07-01T09:00:00Z');
  const clock = { now: () => new Date(now) };
  const keyring = E.getOrElseW((e: string) => {
    throw new Error(e);
  })(keyringFromSecrets({ currentKeyId: 'test', keys: { test: 'a test secret of at least thirty-two bytes' } }));
  const eventStore = inMemoryEventStore();
  const outbox = capturingNotifier();
  const consentry = createConsentry({ eventStore, notifier: outbox, clock, keyring });
  const hostDb = openHostDb(':memory:');
  const records = recordsIn(hostDb);
  await seedDemo({ consentry, hostDb, records, keyring }, { passwordCost: { N: 1024 } });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await buildApp({
    consentry,
    hostDb,
    records,
    notifier: outbox,
    outbox,
    keyring,
    logger: createLogger('info', sink),
    mode: 'development',
    cookieSecret: 'a test cookie secret that is long enough',
    now: clock.now,
    ...overrides,
  });
  await app.ready();
  return {
    app,
    consentry,
    eventStore,
    hostDb,
    outbox,
    logs,
    advance: (ms) => void (now += ms),
    close: async () => {
      await app.close();
      hostDb.close();
    },
  };
};

/** A browser-like client: keeps the session cookie and reads form tokens from pages. */
export class Client {
  private cookie: string | undefined;
  constructor(private readonly app: FastifyInstance) {}

  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: this.headers() }));
  }

  /** Posts a form; `token: 'auto'` fetches a fresh form token from `from` first (as a browser would). */
  async post(url: string, form: Record<string, string>, options: { from?: string; token?: string | null } = {}): Promise<LightMyRequestResponse> {
    const token = options.token === undefined ? await this.formToken(options.from ?? '/') : options.token;
    const body = new URLSearchParams({ ...form, ...(token === null ? {} : { _csrf: token }) }).toString();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  async formToken(from: string): Promise<string> {
    const page = await this.get(from);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (token === undefined) throw new Error(`no form token on ${from} (status ${page.statusCode})`);
    return token;
  }

  async api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method,
        url,
        headers: { ...this.headers(), 'x-consentry-request': '1' },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    );
  }

  async signInStaff(username: string): Promise<void> {
    const response = await this.post('/staff/sign-in', { username, password: DEMO_PASSWORD }, { from: '/staff/sign-in' });
    if (response.statusCode !== 303) throw new Error(`staff sign-in failed: ${response.statusCode}`);
  }

  /** Signs a demo patient in, reading the code from the outbox as the patient would from their phone. */
  async signInPatient(outbox: CapturingNotifier, nhsNumber: string, dateOfBirth: string, to: string): Promise<void> {
    const [year, month, day] = dateOfBirth.split('-') as [string, string, string];
    const sent = await this.post(
      '/patient/sign-in',
      { nhsNumber, 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year },
      { from: '/patient/sign-in' },
    );
    if (sent.statusCode !== 303) throw new Error(`patient sign-in failed: ${sent.statusCode}`);
    const code = outbox.lastCodeFor(to);
    const entered = await this.post('/patient/sign-in/code', { code: code ?? '' }, { from: '/patient/sign-in/code' });
    if (entered.statusCode !== 303) throw new Error(`patient code failed: ${entered.statusCode}`);
  }

  private headers(): Record<string, string> {
    return this.cookie === undefined ? {} : { cookie: this.cookie };
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    const set = response.cookies.find((c) => c.name.endsWith('consentry_session'));
    if (set !== undefined) this.cookie = set.value === '' ? undefined : `${set.name}=${set.value}`;
    return response;
  }
}
