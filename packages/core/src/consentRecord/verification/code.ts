import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ChallengeId } from './codecs.js';
import type { KeyringKey } from '../../shared/keyring.js';

/**
 * A fresh challenge id from the operating system's CSPRNG. Deliberately not the injectable
 * IdGenerator: tests inject predictable ids there, and a challenge id an attacker can
 * predict would only leave the key between them and the code. Tests read the code from
 * the capturing notifier instead.
 */
export const newChallengeId = (): ChallengeId => randomUUID() as ChallengeId;

/**
 * The code for a challenge: HMAC-SHA-256(key, challenge id) with RFC 4226 dynamic
 * truncation to `digits` decimal digits. Derivable again to resend or verify, so the
 * code itself is never stored.
 */
export const deriveCode = (key: KeyringKey, challengeId: string, digits: number): string => {
  const mac = createHmac('sha256', key.secret).update(challengeId, 'utf8').digest();
  return truncate(mac, digits);
};

/** RFC 4226 §5.3 dynamic truncation of an HMAC to `digits` decimal digits. */
export const truncate = (mac: Uint8Array, digits: number): string => {
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) |
    ((mac[offset + 1]! & 0xff) << 16) |
    ((mac[offset + 2]! & 0xff) << 8) |
    (mac[offset + 3]! & 0xff);
  return String(binary % 10 ** digits).padStart(digits, '0');
};

/** Compares the entered code with the derived one in constant time (lengths are equal by construction). */
export const codeMatches = (
  key: KeyringKey,
  challengeId: string,
  digits: number,
  entered: string,
): boolean => {
  const expected = Buffer.from(deriveCode(key, challengeId, digits), 'utf8');
  // Pad or cut to the expected length so the comparison time never depends on the input.
  const given = Buffer.alloc(expected.length);
  Buffer.from(entered, 'utf8').copy(given, 0, 0, expected.length);
  return timingSafeEqual(expected, given) && entered.length === expected.length;
};
