import * as t from 'io-ts';

/**
 * A branded string codec that normalises before it validates (e.g. strips the spaces
 * people type into NHS and phone numbers), so every stored value has one spelling.
 */
export const brandedString = <B extends { readonly [K in keyof B]: symbol }>(
  name: string,
  expectation: string,
  isValid: (s: string) => boolean,
  normalise: (s: string) => string = (s) => s,
  /** A cheap test for a value already valid and normalised (every stored one), which skips the rest. */
  isNormalValid: (s: string) => boolean = () => false,
): t.Type<t.Branded<string, B>, string, unknown> =>
  new t.Type<t.Branded<string, B>, string, unknown>(
    name,
    (u): u is t.Branded<string, B> => typeof u === 'string' && isValid(u),
    (u, context) => {
      if (typeof u !== 'string') return t.failure(u, context, `expected ${expectation}`);
      if (isNormalValid(u)) return t.success(u as t.Branded<string, B>);
      const normalised = normalise(u);
      return isValid(normalised)
        ? t.success(normalised as t.Branded<string, B>)
        : t.failure(u, context, `expected ${expectation}`);
    },
    (a) => a,
  );

/** Opaque ids chosen by the embedding system or generated: no spaces, no personal data. */
export const isOpaqueId = (s: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/.test(s);

/** An ISO-8601 instant with a zone (what every event stores for times). */
export const isIsoInstant = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
  !Number.isNaN(Date.parse(s));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The number written by `count` ASCII digits from `from`, or -1 if one is not a digit. */
const digitsAt = (s: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i += 1) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
};

/**
 * True exactly when `new Date(s).toISOString() === s` (`YYYY-MM-DDTHH:MM:SS.sssZ`, a real
 * calendar day): the form every stored instant has. Read digit by digit, with no regex or
 * Date, because replays and commands check thousands of these a second.
 */
export const isCanonicalInstant = (s: string): boolean =>
  s.length === 24 &&
  hasInstantSeparators(s) &&
  digitsAt(s, 20, 3) >= 0 &&
  isCalendarDay(digitsAt(s, 0, 4), digitsAt(s, 5, 2), digitsAt(s, 8, 2)) &&
  isTimeOfDay(digitsAt(s, 11, 2), digitsAt(s, 14, 2), digitsAt(s, 17, 2));

const SEPARATORS: readonly (readonly [number, string])[] = [
  [4, '-'],
  [7, '-'],
  [10, 'T'],
  [13, ':'],
  [16, ':'],
  [19, '.'],
  [23, 'Z'],
];
const hasInstantSeparators = (s: string): boolean => {
  for (const [at, separator] of SEPARATORS) if (s[at] !== separator) return false;
  return true;
};

const isCalendarDay = (year: number, month: number, day: number): boolean => {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
};

const isTimeOfDay = (hour: number, minute: number, second: number): boolean =>
  hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;

export interface IsoInstantBrand {
  readonly IsoInstant: unique symbol;
}
/** An instant as stored in events: ISO-8601 text, normalised to UTC `…Z`. */
export const IsoInstant = brandedString<IsoInstantBrand>(
  'IsoInstant',
  'an ISO-8601 date-time with a zone, e.g. 2026-07-01T09:00:00Z',
  isIsoInstant,
  (s) => (isIsoInstant(s) ? new Date(s).toISOString() : s),
  isCanonicalInstant,
);
export type IsoInstant = t.TypeOf<typeof IsoInstant>;

/** Non-empty trimmed free text up to `max` characters (names, reasons, justifications). */
export interface BoundedTextBrand {
  readonly BoundedText: unique symbol;
}
export const boundedText = (name: string, max: number) =>
  brandedString<BoundedTextBrand>(
    name,
    `non-empty text of at most ${max} characters`,
    (s) => s.length > 0 && s.length <= max,
    (s) => s.trim(),
  );
export const Text = boundedText('Text', 2000);
export type Text = t.TypeOf<typeof Text>;

/** A Date as the IsoInstant events store (toISOString is always valid UTC). */
export const instant = (date: Date): IsoInstant => date.toISOString() as IsoInstant;
