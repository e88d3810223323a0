import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The session cookie's small toolkit: parse the Cookie header, sign and check values with
 * HMAC-SHA-256, and write Set-Cookie. (Written here rather than taken from @fastify/cookie,
 * which loads its parser with a dynamic import that jest cannot run.)
 */
export const parseCookieHeader = (header: string | undefined): Readonly<Record<string, string>> => {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (name === '') continue;
    const raw = part
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    // The first cookie of a name wins, as browsers send the most specific path first.
    if (name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
};

const mac = (value: string, secret: string): string =>
  createHmac('sha256', secret).update(value).digest('base64url');

export const signValue = (value: string, secret: string): string =>
  `${value}.${mac(value, secret)}`;

/** The value, if the signature is right; otherwise null. */
export const unsignValue = (signed: string, secret: string): string | null => {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(mac(value, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
};

export interface CookieOptions {
  readonly path: string;
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: 'Strict' | 'Lax';
  /** 0 clears the cookie. Absent: a session cookie, gone when the browser closes. */
  readonly maxAgeSeconds?: number;
}

export const serializeCookie = (name: string, value: string, options: CookieOptions): string =>
  [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path}`,
    ...(options.maxAgeSeconds === undefined
      ? []
      : [
          `Max-Age=${options.maxAgeSeconds}`,
          ...(options.maxAgeSeconds === 0 ? ['Expires=Thu, 01 Jan 1970 00:00:00 GMT'] : []),
        ]),
    ...(options.httpOnly ? ['HttpOnly'] : []),
    ...(options.secure ? ['Secure'] : []),
    `SameSite=${options.sameSite}`,
  ].join('; ');
