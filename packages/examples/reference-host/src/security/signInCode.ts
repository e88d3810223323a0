import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Channel, Keyring, Notifier, NotifierError } from '@consentry/core';
import type { HostDb } from '../host/hostDb.js';
import { defaultThrottlePolicy } from './signInThrottle.js';

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

/** A sign-in code that went out: what the session keeps to check it (never the code). */
export interface SentSignInCode {
  readonly signInId: string;
  readonly keyId: string;
}

/**
 * Sends a fresh sign-in code to one address (a patient's, or a proxy's own), derived from a new
 * random sign-in id under the current key. The one place a sign-in message is written.
 */
export const sendSignInCode = async (
  keyring: Keyring,
  notifier: Notifier,
  destination: { readonly channel: Channel; readonly to: string },
): Promise<{ readonly sent: SentSignInCode } | { readonly failed: NotifierError }> => {
  const signInId = randomBytes(16).toString('base64url');
  const key = keyring.current();
  const code = deriveSignInCode(key.secret, signInId);
  const sent = await notifier.send({
    idempotencyKey: `sign-in-${signInId}`,
    kind: 'sign-in-code',
    channel: destination.channel,
    to: destination.to,
    subject: 'Your Consentry sign-in code',
    body: `Your Consentry sign-in code is ${code}. It expires in 10 minutes. Do not share it with anyone.`,
    personalisation: { code },
    reference: `sign-in-${signInId}`,
  })();
  return sent._tag === 'Left' ? { failed: sent.left } : { sent: { signInId, keyId: key.keyId } };
};

/** How long a sign-in code is good for (the message says 10 minutes). */
export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;
/** Codes one person (a patient, or a proxy) may be sent in `SIGN_IN_CODE_WINDOW_MS`, on every host together. */
const MAX_SIGN_IN_CODES_PER_WINDOW = 3;
const SIGN_IN_CODE_WINDOW_MS = 15 * 60_000;

/** What a session keeps of a sign-in code sent: to check it, and when it expires. */
export type PendingSignInCode = SentSignInCode & {
  readonly attempts: 0;
  readonly expiresAt: number;
};

/**
 * Counts one more code for `who` (in the host database, so the limit holds across hosts) and,
 * unless three already went out in 15 minutes, sends it: the one path of the patient's and the
 * proxy's sign-in, which differ only in who they are and what they are told.
 */
export const issueSignInCode = async (
  deps: { readonly hostDb: HostDb; readonly keyring: Keyring; readonly notifier: Notifier },
  who: string,
  destination: { readonly channel: Channel; readonly to: string },
  now: number,
): Promise<
  | { readonly pending: PendingSignInCode }
  | { readonly tooMany: true }
  | { readonly failed: NotifierError }
> => {
  const count = await deps.hostDb.recordSignInCodeSent(who, now, SIGN_IN_CODE_WINDOW_MS);
  if (count > MAX_SIGN_IN_CODES_PER_WINDOW) return { tooMany: true };
  const sent = await sendSignInCode(deps.keyring, deps.notifier, destination);
  if ('failed' in sent) return sent;
  return { pending: { ...sent.sent, attempts: 0, expiresAt: now + SIGN_IN_CODE_TTL_MS } };
};

/** Wrong sign-in codes before a pending sign-in is dropped and a new code must be asked for. */
export const MAX_SIGN_IN_CODE_ATTEMPTS = 5;

/** Does the typed code match the pending sign-in's (its key still held)? */
export const pendingCodeMatches = (
  keyring: Keyring,
  pending: SentSignInCode,
  typed: string | undefined,
): boolean => {
  const key = keyring.find(pending.keyId);
  return (
    key !== undefined && signInCodeMatches(key.secret, pending.signInId, (typed ?? '').slice(0, 12))
  );
};

/** How long a sign-in's tries are remembered: the sign-in throttle's window (longer than a code lives). */
const TRIES_KEPT_MS = defaultThrottlePolicy.windowMs;

/**
 * Spends one try at a pending sign-in's code, before the code is checked. Tries are counted in
 * the host database under the sign-in's random id, one atomic count shared by every host: tries
 * sent at once, to one host or several, cannot all see the same count (the session's own
 * `attempts` is read and written back, so it could). Returns the pending sign-in with this try
 * counted, or `null` when its tries were used up already.
 */
export const spendCodeTry = async <P extends SentSignInCode & { readonly attempts: number }>(
  db: Pick<HostDb, 'recordSignInFailure'>,
  pending: P,
  now: number,
): Promise<P | null> => {
  const used = await db.recordSignInFailure(
    `sign-in-code:${pending.signInId}`,
    '',
    now,
    TRIES_KEPT_MS,
  );
  return used > MAX_SIGN_IN_CODE_ATTEMPTS ? null : { ...pending, attempts: used - 1 };
};

/** What a sign-in whose tries are used up is told. */
export const TOO_MANY_WRONG_CODES = 'Too many wrong codes. Go back and ask for a new code.';

/** After a wrong code: the pending sign-in to keep (none once locked), and what to say. */
export const afterWrongCode = <P extends { readonly attempts: number }>(
  pending: P,
): {
  readonly next: P | null;
  readonly locked: boolean;
  readonly message: string;
  readonly status: 409 | 422;
} => {
  const attemptsUsed = pending.attempts + 1;
  const locked = attemptsUsed >= MAX_SIGN_IN_CODE_ATTEMPTS;
  return locked
    ? {
        next: null,
        locked,
        message: TOO_MANY_WRONG_CODES,
        status: 409,
      }
    : {
        next: { ...pending, attempts: attemptsUsed },
        locked,
        message: `The code is not right. You have ${MAX_SIGN_IN_CODE_ATTEMPTS - attemptsUsed} tries left.`,
        status: 422,
      };
};

/** The code entered at a pending sign-in: right, or refused with what to say (and whether it was a wrong code). */
export type CodeCheck<P> =
  | { readonly matched: P }
  | {
      readonly refused: { readonly message: string; readonly status: 409 | 410 | 422 };
      readonly wrong: boolean;
      readonly locked: boolean;
    };

/**
 * Checks a code entered at a pending sign-in, the one path of the patient's and the proxy's
 * code pages: an expired or used one is refused; the try is counted first, across hosts
 * (`spendCodeTry`); a wrong code keeps the pending sign-in with one try fewer, or drops it once
 * locked. `keep` writes what the session holds next (nothing pending after a refusal that ends it).
 */
export const checkPendingCode = async <
  P extends SentSignInCode & {
    readonly attempts: number;
    readonly expiresAt: number;
  },
>(
  deps: { readonly hostDb: Pick<HostDb, 'recordSignInFailure'>; readonly keyring: Keyring },
  pending: P | null | undefined,
  typed: string | undefined,
  now: number,
  keep: (next: P | null) => void,
): Promise<CodeCheck<P>> => {
  if (pending === null || pending === undefined || pending.expiresAt <= now) {
    keep(null);
    const message = 'This code has expired or was already used. Go back and ask for a new code.';
    return { refused: { message, status: 410 }, wrong: false, locked: false };
  }
  // The try is counted first, across hosts: tries sent at once cannot share one count.
  const tried = await spendCodeTry(deps.hostDb, pending, now);
  if (tried === null) {
    keep(null);
    return { refused: { message: TOO_MANY_WRONG_CODES, status: 409 }, wrong: false, locked: true };
  }
  if (pendingCodeMatches(deps.keyring, pending, typed)) return { matched: pending };
  const wrong = afterWrongCode(tried);
  keep(wrong.next);
  return {
    refused: { message: wrong.message, status: wrong.status },
    wrong: true,
    locked: wrong.locked,
  };
};
