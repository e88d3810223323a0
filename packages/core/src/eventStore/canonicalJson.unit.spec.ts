import fc from 'fast-check';
import { canonicalJson } from './hashChain.js';

/** The first implementation, kept as the reference: stored chains were hashed with its bytes. */
const reference = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${reference((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
};

describe('canonicalJson, the single-pass writer', () => {
  it('writes exactly the bytes of the reference encoding, for any value an event can hold', () => {
    const values = fc.anything({
      withBigInt: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withBoxedValues: true,
      withDate: true,
      maxDepth: 4,
    });
    fc.assert(
      fc.property(values, (value) => canonicalJson(value) === reference(value)),
      {
        numRuns: 2000,
      },
    );
  });

  it('agrees on the corner cases: undefined fields, holes, NaN, bigints, escapes', () => {
    const holed: unknown[] = [1];
    holed[2] = undefined; // index 1 is a hole
    holed.push(NaN, -0);
    const corner = {
      b: holed,
      a: { z: undefined, y: 12n },
      '"k"': 'é\n\u2028',
    };
    expect(canonicalJson(corner)).toBe(reference(corner));
    expect(canonicalJson(undefined)).toBe('null');
  });
});
