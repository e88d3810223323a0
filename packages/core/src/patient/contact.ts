/** Strips the spaces, dashes, dots and brackets people type into phone numbers. */
const digitsAndPlus = (s: string): string => s.replace(/[\s().-]/g, '');

/**
 * UK mobile numbers (07…) in any common spelling, to E.164 `+447…` as SMS providers expect;
 * anything else is left as typed so validation rejects it.
 */
export const normaliseUkMobile = (s: string): string => {
  const compact = digitsAndPlus(s);
  const national = /^(?:\+44|0044|44)?0?(7\d{9})$/.exec(compact);
  return national ? `+44${national[1]}` : compact;
};

export const isUkMobile = (s: string): boolean => /^\+447\d{9}$/.test(s);

/** A pragmatic e-mail check: one @, a dotted domain, no spaces, at most 254 characters. */
export const isEmail = (s: string): boolean =>
  s.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s);

/** Domains are case-insensitive; the local part is kept as given. */
export const normaliseEmail = (s: string): string => {
  const trimmed = s.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
};
