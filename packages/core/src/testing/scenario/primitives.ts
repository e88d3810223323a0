import * as t from 'io-ts';

/** A non-empty string (ids, areas). */
export const Id = new t.Type<string, string, unknown>(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.trim().length > 0 ? t.success(u) : t.failure(u, c)),
  (s) => s,
);

/** Digits kept as text: an unquoted YAML number would lose leading zeros. */
export const QuotedDigits = new t.Type<string, string, unknown>(
  'a quoted string of digits, such as "9434765919"',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && /^\d+$/.test(u) ? t.success(u) : t.failure(u, c)),
  (s) => s,
);

export const Count = new t.Type<number, number, unknown>(
  'a whole number, 0 or more',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c),
  (n) => n,
);

export const PositiveCount = new t.Type<number, number, unknown>(
  'a whole number, 1 or more',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 1,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 1 ? t.success(u) : t.failure(u, c),
  (n) => n,
);

/** A whole number in [min, max] (policy caps of docs/domain.md (verification codes)). */
export const countBetween = (min: number, max: number) =>
  new t.Type<number, number, unknown>(
    `a whole number from ${min} to ${max}`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) =>
      typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max
        ? t.success(u)
        : t.failure(u, c),
    (n) => n,
  );
