import { runInNewContext } from 'node:vm';
import { findNotJson, frozenJsonCopy } from './plainJson.js';

describe('frozenJsonCopy', () => {
  it('returns a deep, deeply frozen copy of plain JSON', () => {
    const value = { a: [1, { b: 'x' }], c: null, d: true };
    const copy = frozenJsonCopy(value) as typeof value;
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    expect(copy.a).not.toBe(value.a);
    expect([Object.isFrozen(copy), Object.isFrozen(copy.a), Object.isFrozen(copy.a[1])]).toEqual([
      true,
      true,
      true,
    ]);
    expect(Object.isFrozen(value)).toBe(false);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['a bigint', { n: 1n }],
    ['NaN', [Number.NaN]],
    ['-Infinity', { n: Number.NEGATIVE_INFINITY }],
    ['a function', { f: () => 1 }],
    ['a symbol', { s: Symbol('s') }],
    ['a Date', { at: new Date(0) }],
    ['a Map', { m: new Map() }],
    ['a class instance', { x: new (class Point {})() }],
    ['undefined in an array', [1, undefined]],
    ['a hole in an array', [1, , 3]], // eslint-disable-line no-sparse-arrays
  ])('refuses %s', (_what, value) => {
    expect(frozenJsonCopy(value)).toBeUndefined();
  });

  it('accepts plain objects from another realm and objects without a prototype', () => {
    expect(frozenJsonCopy(runInNewContext('({ a: [1, { b: 2 }] })'))).toEqual({ a: [1, { b: 2 }] });
    expect(frozenJsonCopy(Object.assign(Object.create(null) as object, { a: 1 }))).toEqual({
      a: 1,
    });
  });

  it('keeps a "__proto__" key as a field instead of changing the prototype', () => {
    const copy = frozenJsonCopy(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

describe('findNotJson', () => {
  it('names the path of the first value that is not JSON', () => {
    expect(findNotJson({ visits: [{ at: new Date(0) }] }, 'data')).toBe('data.visits[0].at: Date');
    expect(findNotJson({ n: 1n }, 'data')).toBe('data.n: bigint');
    expect(findNotJson([1, undefined], 'data')).toBe('data[1]: undefined');
    expect(findNotJson({ fine: [1, 'x', null, { ok: true }] }, 'data')).toBeUndefined();
  });
});
