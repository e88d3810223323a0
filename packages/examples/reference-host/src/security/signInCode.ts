import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A patient's sign-in code, derived like a verification code (docs/domain.md (verification codes)): HMAC-SHA-256 of a
 * random sign-in id under a keyring key, truncated RFC 4226 style to 6 digits. Only the id
 * and the key id are kept in the session; the code exists in the message alone.
 */
export const deriveSignInCode = (secret: Uint8Array, signInId: string): string => {
  const mac = createHmac('sha256', secret).update(`consentry-sign-in:${signInId}`).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return binary.toString().padStart(6, '0');
};

/** Constant-time comparison of what the patient typed with the derived code. */
export const signInCodeMatches = (secret: Uint8Array, signInId: string, typed: string): boolean => {
  const expected = Buffer.from(deriveSignInCode(secret, signInId));
  const given = Buffer.from(typed.replace(/\s/g, ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
};
