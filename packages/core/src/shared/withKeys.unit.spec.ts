import { withKeys } from './withKeys.js';

describe('withKeys', () => {
  it('is the spread: same keys, same order, later keys win, base untouched', () => {
    const base = Object.freeze({ a: 1, b: 2, c: undefined });
    const made = withKeys(base, { b: 3, d: 4 });
    expect(made).toStrictEqual({ ...base, ...{ b: 3, d: 4 } });
    expect(Object.keys(made)).toEqual(Object.keys({ ...base, b: 3, d: 4 }));
    expect(JSON.stringify(made)).toBe(JSON.stringify({ ...base, b: 3, d: 4 }));
    expect(base).toEqual({ a: 1, b: 2, c: undefined });
    expect(Object.isFrozen(made)).toBe(false);
  });
});
