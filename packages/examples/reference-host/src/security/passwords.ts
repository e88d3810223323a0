import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt cost: N=2^15, r=8, p=1 (about 32 MiB, ~50 ms), the OWASP minimum for scrypt.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

const derive = (
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: PARAMS.maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );

/** Hashes a password (tests may pass a lower cost) as `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later. */
export const hashPassword = async (
  password: string,
  cost: { N: number } = PARAMS,
): Promise<string> => {
  const salt = randomBytes(16);
  const params = { N: cost.N, r: PARAMS.r, p: PARAMS.p };
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
};

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** A hash of a random password: verifying against it costs the same as a real account, so unknown user names take as long as known ones. */
export const decoyHash = (): Promise<string> =>
  (decoy ??= hashPassword(randomBytes(16).toString('hex')));
let decoy: Promise<string> | undefined;
