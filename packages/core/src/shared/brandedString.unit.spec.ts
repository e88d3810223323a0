import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { IsoInstant, isCanonicalInstant, isIsoInstant } from './brandedString.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isCanonicalInstant', () => {
  it('holds for every toISOString of a date in years 0000–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62167219200000, max: 253402300799999 }), (ms) =>
        isCanonicalInstant(new Date(ms).toISOString()),
      ),
      { numRuns: 2_000 },
    );
  });

  it('holds exactly when new Date(s).toISOString() === s, for strings of that shape with any fields', () => {
    const field = (max: number, width: number) =>
      fc.integer({ min: 0, max }).map((n) => pad(n, width));
    fc.assert(
      fc.property(
        field(9999, 4),
        field(19, 2),
        field(39, 2),
        field(29, 2),
        field(69, 2),
        field(69, 2),
        field(999, 3),
        (y, mo, d, h, mi, s, ms) => {
          const text = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
          const date = new Date(text);
          const roundTrips = !Number.isNaN(date.getTime()) && date.toISOString() === text;
          return isCanonicalInstant(text) === roundTrips;
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('refuses other spellings, which IsoInstant still accepts and normalises', () => {
    for (const text of [
      '2026-07-01T09:00:00Z',
      '2026-07-01T10:00:00.000+01:00',
      '2026-07-01T09:00Z',
    ]) {
      expect(isCanonicalInstant(text)).toBe(false);
      expect(isIsoInstant(text)).toBe(true);
      expect(IsoInstant.decode(text)).toEqual(E.right(new Date(text).toISOString()));
    }
    expect(isCanonicalInstant('2024-02-29T00:00:00.000Z')).toBe(true);
    expect(isCanonicalInstant('2026-02-29T00:00:00.000Z')).toBe(false);
    expect(isCanonicalInstant('2026-07-01T24:00:00.000Z')).toBe(false);
    expect(isCanonicalInstant('2026-07-01T09:0a:00.000Z')).toBe(false);
  });
});
