import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostDb } from '../host/hostDb.js';
import { parseCookieHeader, serializeCookie, signValue, unsignValue } from './cookies.js';

/**
 * Sign-in attempts slowed per account, wherever they come from (the per-address limit alone
 * was sidestepped by binding other 127.0.0.x addresses), without letting an attacker lock
 * the real user out: OWASP's "device cookie" scheme. A browser that has signed in to an
 * account before carries a signed cookie naming it; its attempts are judged on their own
 * failures. Attempts without one share the account's budget: a few free failures, then a
 * wait that doubles after each further failure, up to a cap. So guessing is slowed to a few
 * dozen tries a day, and the user's own browser still signs in while it happens.
 */
export interface ThrottlePolicy {
  /** Failures without a device cookie before attempts are slowed. */
  readonly freeFailures: number;
  /** How long a failure counts. */
  readonly windowMs: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Failures from one trusted browser before its cookie stops being trusted. */
  readonly deviceFailures: number;
  readonly deviceCookieMaxAgeSeconds: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  freeFailures: 5,
  windowMs: 24 * 3_600_000,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  deviceFailures: 5,
  deviceCookieMaxAgeSeconds: 90 * 24 * 3600,
};

export type Admission =
  | { readonly admitted: true; readonly account: string; readonly device: string | null }
  | { readonly admitted: false; readonly retryAfterSeconds: number };

export interface SignInThrottle {
  /** May this attempt at `account` (e.g. `staff:jo`) be checked now? Nothing is recorded yet. */
  admit(request: FastifyRequest, account: string): Promise<Admission>;
  failed(admission: Admission & { admitted: true }): Promise<void>;
  /** The account signed in from this browser: trust it for this account from now on. */
  succeeded(request: FastifyRequest, reply: FastifyReply, account: string): Promise<void>;
}

const MAX_DEVICE_ENTRIES = 8;

interface DeviceEntry {
  readonly a: string; // account tag
  readonly n: string; // this browser's nonce for it
}

const parseEntries = (text: string | null): DeviceEntry[] => {
  if (text === null) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return Array.isArray(parsed)
      ? parsed.filter(
          (e): e is DeviceEntry =>
            typeof (e as DeviceEntry | null)?.a === 'string' &&
            typeof (e as DeviceEntry).n === 'string',
        )
      : [];
  } catch {
    return [];
  }
};

export const signInThrottle = (
  db: HostDb,
  options: {
    readonly secret: string;
    readonly now: () => number;
    readonly secureCookies: boolean;
    readonly policy?: Partial<ThrottlePolicy>;
  },
): SignInThrottle => {
  const policy = { ...defaultThrottlePolicy, ...options.policy };
  const cookieName = options.secureCookies ? '__Host-consentry_device' : 'consentry_device';
  // The table holds a keyed hash of the account, so it names no user and no NHS number.
  const tagOf = (account: string): string =>
    createHmac('sha256', options.secret)
      .update(`consentry-sign-in-account:${account}`)
      .digest('base64url')
      .slice(0, 22);
  const entriesOf = (request: FastifyRequest): DeviceEntry[] => {
    const raw = parseCookieHeader(request.headers.cookie)[cookieName];
    return parseEntries(raw === undefined ? null : unsignValue(raw, options.secret));
  };

  const untrustedWait = async (tag: string, now: number): Promise<number> => {
    const { count, last } = await db.signInFailures(tag, '', now - policy.windowMs);
    if (count < policy.freeFailures) return 0;
    const delay = Math.min(
      policy.maxDelayMs,
      policy.firstDelayMs * 2 ** Math.min(30, count - policy.freeFailures),
    );
    return Math.max(0, last + delay - now);
  };

  return {
    admit: async (request, account) => {
      const tag = tagOf(account);
      const now = options.now();
      const device = entriesOf(request).find((e) => e.a === tag)?.n ?? null;
      if (
        device !== null &&
        (await db.signInFailures(tag, device, now - policy.windowMs)).count < policy.deviceFailures
      )
        return { admitted: true, account: tag, device };
      const wait = await untrustedWait(tag, now);
      return wait === 0
        ? { admitted: true, account: tag, device: null }
        : { admitted: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    },
    failed: async ({ account, device }) =>
      void (await db.recordSignInFailure(account, device ?? '', options.now(), policy.windowMs)),
    succeeded: async (request, reply, account) => {
      const tag = tagOf(account);
      const entries = entriesOf(request);
      const device = entries.find((e) => e.a === tag)?.n ?? null;
      if (device !== null) await db.clearSignInFailures(tag, device);
      const others = entries.filter((e) => e.a !== tag);
      const entry = { a: tag, n: device ?? randomBytes(12).toString('base64url') };
      const value = Buffer.from(
        JSON.stringify([entry, ...others].slice(0, MAX_DEVICE_ENTRIES)),
      ).toString('base64url');
      void reply.header(
        'set-cookie',
        serializeCookie(cookieName, signValue(value, options.secret), {
          path: '/',
          httpOnly: true,
          secure: options.secureCookies,
          sameSite: 'Strict',
          maxAgeSeconds: policy.deviceCookieMaxAgeSeconds,
        }),
      );
    },
  };
};
