import * as t from 'io-ts';
import { brandedString } from '../../shared/brandedString.js';

export interface ChallengeIdBrand {
  readonly ChallengeId: unique symbol;
}
/** A random (CSPRNG) uuid; the code is derived from it with a keyed HMAC. */
export const ChallengeId = brandedString<ChallengeIdBrand>(
  'ChallengeId',
  'a challenge id (uuid)',
  (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s),
  (s) => s.toLowerCase(),
);
export type ChallengeId = t.TypeOf<typeof ChallengeId>;

export interface VerificationCodeBrand {
  readonly VerificationCode: unique symbol;
}
/** What the patient reads out: digits only (spaces typed between groups are dropped). */
export const VerificationCode = brandedString<VerificationCodeBrand>(
  'VerificationCode',
  'the 6 to 8 digits of the verification code',
  // 6 to 8 digits, the range resolvePolicy allows: a shorter or longer entry is bad input, not a wrong attempt.
  (s) => /^\d{6,8}$/.test(s),
  (s) => s.replace(/[\s-]/g, ''),
);
export type VerificationCode = t.TypeOf<typeof VerificationCode>;

/** Where a challenge reached the patient: a code by SMS or e-mail, or an approval request in the portal. */
export const VerificationChannel = t.keyof({ sms: null, email: null, portal: null });
export type VerificationChannel = t.TypeOf<typeof VerificationChannel>;

/** The id of the key a code was made with: defined with the keyring, below every slice. */
export { KeyId, type KeyIdBrand } from '../../shared/keyring.js';
