import * as E from 'fp-ts/lib/Either.js';
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import {
  createConsentry,
  inMemoryEventStore,
  keyringFromSecrets,
  type Consentry,
  type EventStore,
} from '@consentry/core';
import { capturingNotifier, type CapturingNotifier } from '@consentry/core/testing';
import { buildApp } from '../app.js';
import type { AppDeps } from '../http/context.js';
import { openHostDb, type HostDb } from '../host/hostDb.js';
import { recordsIn } from '../host/records.js';
import { createLogger } from '../logging.js';
import { seedDemo } from '../demo/seed.js';
import { DEMO_PASSWORD } from '../demo/data.js';
import { instrumentedEventStore } from '../metrics/instrumentStore.js';

export interface TestHost {
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:port` of the listening app. */
  readonly base: string;
  client(): Client;
  request(
    method: string,
    url: string,
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<TestResponse>;
  readonly consentry: Consentry;
  readonly eventStore: EventStore;
  readonly hostDb: HostDb;
  readonly outbox: CapturingNotifier;
  /** Every log line the app wrote. */
  readonly logs: string[];
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface TestHostOptions {
  /** Wraps the store the facade uses (e.g. one that loses every race, to see `Busy`). */
  readonly wrapStore?: (store: EventStore) => EventStore;
}

/** The app on an in-memory store with the demo seeded, a capturing notifier and a manual clock. */
export const testHost = async (
  overrides: Partial<AppDeps> = {},
  options: TestHostOptions = {},
): Promise<TestHost> => {
  let now = Date.parse('2026-07-01T09:00:00Z');
  const clock = { now: () => new Date(now) };
  const keyring = E.getOrElseW((e: string) => {
    throw new Error(e);
  })(
    keyringFromSecrets({
      currentKeyId: 'test',
      keys: { test: 'a test secret of at least thirty-two bytes' },
    }),
  );
  const eventStore = inMemoryEventStore();
  const outbox = capturingNotifier();
  const wrap = options.wrapStore ?? ((store: EventStore) => store);
  const consentry = createConsentry({
    eventStore: wrap(
      overrides.metrics === undefined
        ? eventStore
        : instrumentedEventStore(eventStore, overrides.metrics),
    ),
    notifier: outbox,
    clock,
    keyring,
  });
  const hostDb = openHostDb(':memory:');
  const records = recordsIn(hostDb);
  await seedDemo({ consentry, hostDb, records, keyring }, { passwordCost: { N: 1024 } });
  const logs: string[] = [];
  // A plain object with write(): pino writes to it synchronously, with no stream machinery.
  const sink = { write: (line: string): void => void logs.push(line) };
  const app = await buildApp({
    consentry,
    eventStore,
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
  const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
  return {
    app,
    base,
    client: () => new Client(base),
    request: (method, url, options) => send(base, method, url, options),
    consentry,
    eventStore,
    hostDb,
    outbox,
    logs,
    advance: (ms) => void (now += ms),
    close: async () => {
      // The test client's keep-alive sockets would otherwise hold the jest worker open.
      app.server.closeAllConnections();
      await app.close();
      await hostDb.close();
    },
  };
};

/** What a test sees of a response. */
export interface TestResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly setCookies: readonly string[];
  readonly body: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * One HTTP request to the listening app. (Real HTTP rather than fastify.inject: inject's
 * cookie parser is an ESM-only package that jest cannot load in this workspace.)
 */
export const send = (
  base: string,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<TestResponse> =>
  // node:http without an agent: no pooled socket or timer outlives the test (fetch's pool does).
  new Promise((resolve, reject) => {
    const request = http.request(
      `${base}${url}`,
      { method, headers: options.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const headers = Object.fromEntries(
            Object.entries(response.headers).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(', ') : (v ?? ''),
            ]),
          );
          resolve({
            statusCode: response.statusCode ?? 0,
            headers,
            setCookies: response.headers['set-cookie'] ?? [],
            body,
            json: <T>() => JSON.parse(body) as T,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });

/** A browser-like client: keeps the session cookie and reads form tokens from pages. */
export class Client {
  private cookie: string | undefined;
  constructor(private readonly base: string) {}

  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  async get(url: string): Promise<TestResponse> {
    return this.keep(await send(this.base, 'GET', url, { headers: this.headers() }));
  }

  /** Posts a form; without `token` it first fetches a fresh form token from `from`, as a browser would. */
  async post(
    url: string,
    form: Record<string, string>,
    options: { from?: string; token?: string | null } = {},
  ): Promise<TestResponse> {
    const token =
      options.token === undefined ? await this.formToken(options.from ?? '/') : options.token;
    const body = new URLSearchParams({
      ...form,
      ...(token === null ? {} : { _csrf: token }),
    }).toString();
    return this.keep(
      await send(this.base, 'POST', url, {
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
    );
  }

  async formToken(from: string): Promise<string> {
    const page = await this.get(from);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (token === undefined)
      throw new Error(`no form token on ${from} (status ${page.statusCode})`);
    return token;
  }

  async api(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<TestResponse> {
    return this.keep(
      await send(this.base, method, url, {
        headers: {
          ...this.headers(),
          'x-consentry-request': '1',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      }),
    );
  }

  async signInStaff(username: string): Promise<void> {
    const response = await this.post(
      '/staff/sign-in',
      { username, password: DEMO_PASSWORD },
      { from: '/staff/sign-in' },
    );
    if (response.statusCode !== 303)
      throw new Error(`staff sign-in failed: ${response.statusCode}`);
  }

  /** Signs a demo patient in, reading the code from the outbox as the patient would from their phone. */
  async signInPatient(
    outbox: CapturingNotifier,
    nhsNumber: string,
    dateOfBirth: string,
    to: string,
  ): Promise<void> {
    const [year, month, day] = dateOfBirth.split('-') as [string, string, string];
    const sent = await this.post(
      '/patient/sign-in',
      {
        nhsNumber,
        'dateOfBirth[day]': day,
        'dateOfBirth[month]': month,
        'dateOfBirth[year]': year,
      },
      { from: '/patient/sign-in' },
    );
    if (sent.statusCode !== 303) throw new Error(`patient sign-in failed: ${sent.statusCode}`);
    const code = outbox.lastCodeFor(to);
    const entered = await this.post(
      '/patient/sign-in/code',
      { code: code ?? '' },
      { from: '/patient/sign-in/code' },
    );
    if (entered.statusCode !== 303) throw new Error(`patient code failed: ${entered.statusCode}`);
  }

  private headers(): Record<string, string> {
    return this.cookie === undefined ? {} : { cookie: this.cookie };
  }

  private keep(response: TestResponse): TestResponse {
    const set = response.setCookies.find((c) => /^(__Host-)?consentry_session=/.test(c));
    if (set !== undefined) {
      const pair = set.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    return response;
  }
}
