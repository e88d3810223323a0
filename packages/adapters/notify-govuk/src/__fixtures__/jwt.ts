import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenProblem = 'missing' | 'malformed' | 'bad-signature' | 'wrong-issuer' | 'stale';

const decodeJson = (part: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

const tokenParts = (
  authorization: string | undefined,
): 'missing' | 'malformed' | readonly [string, string, string] => {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined) return 'missing';
  const [header = '', payload = '', signature = '', ...rest] = token.split('.');
  return rest.length > 0 || signature === '' ? 'malformed' : [header, payload, signature];
};

const sameBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

const isFresh = (iat: unknown, nowSeconds: number): boolean =>
  typeof iat === 'number' && Math.abs(nowSeconds - iat) <= 30;

/**
 * Checks a Notify bearer token the way Notify does: HS256 over `header.payload` with the
 * secret half of the API key, `iss` = the service id, `iat` within 30 seconds of now.
 */
export const checkNotifyToken = (
  authorization: string | undefined,
  expected: { readonly serviceId: string; readonly secret: string; readonly nowSeconds: number },
): TokenProblem | undefined => {
  const parts = tokenParts(authorization);
  if (typeof parts === 'string') return parts;
  const [header, payload, signature] = parts;
  const head = decodeJson(header);
  const claims = decodeJson(payload);
  if (head?.['alg'] !== 'HS256' || claims === undefined) return 'malformed';
  const wanted = createHmac('sha256', expected.secret).update(`${header}.${payload}`).digest();
  if (!sameBytes(Buffer.from(signature, 'base64url'), wanted)) return 'bad-signature';
  if (claims['iss'] !== expected.serviceId) return 'wrong-issuer';
  return isFresh(claims['iat'], expected.nowSeconds) ? undefined : 'stale';
};
