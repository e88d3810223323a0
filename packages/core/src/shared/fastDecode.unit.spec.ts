import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ConsentryEvent } from '../schema/events.js';
import { sampleEvents } from '../schema/__fixtures__/sampleEvents.js';
import { fastDecoder } from './fastDecode.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values a stored field could wrongly hold, or hold in a spelling a codec normalises. */
const REPLACEMENTS: readonly unknown[] = [
  undefined,
  null,
  42,
  true,
  '',
  '  padded  ',
  'not-an-id with spaces',
  '2026-07-01T10:00:00+01:00',
  '2026-13-45T99:00:00Z',
  [],
  {},
  ['x'],
];

/** Every copy of `value` with one field (at any depth) replaced or removed. */
const variants = (value: Json): Json[] => {
  const out: Json[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      for (const v of variants(item)) out.push(value.map((x, j) => (j === i ? v : x)));
      for (const r of REPLACEMENTS) out.push(value.map((x, j) => (j === i ? r : x)) as Json);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      for (const v of variants(value[key] as Json)) out.push({ ...value, [key]: v });
      for (const r of REPLACEMENTS) out.push({ ...value, [key]: r } as Json);
      const { [key]: _, ...without } = value;
      out.push(without);
    }
  }
  return out;
};

const flatten = (codec: t.Mixed): t.Mixed[] =>
  codec instanceof t.UnionType ? (codec.types as t.Mixed[]).flatMap(flatten) : [codec];
const members = flatten(ConsentryEvent) as t.InterfaceType<{ type: t.LiteralC<string> }>[];
const codecOf = (type: string): t.Mixed => {
  const found = members.find((codec) => codec.props.type.value === type);
  if (found === undefined) throw new Error(`no codec for ${type}`);
  return found;
};

describe('fastDecoder gives what io-ts decode gives', () => {
  it('decodes every sample event without falling back, to the same value', () => {
    for (const sample of sampleEvents) {
      const codec = codecOf(sample.type);
      let fallbacks = 0;
      const decode = fastDecoder(codec, () => (fallbacks += 1));
      expect(decode(sample)).toEqual(codec.decode(sample));
      expect(fallbacks).toBe(0);
    }
  });

  it('accepts, normalises and refuses exactly what io-ts does for every one-field change', () => {
    let compared = 0;
    let refused = 0;
    for (const sample of sampleEvents) {
      const codec = codecOf(sample.type);
      for (const variant of variants(sample as unknown as Json)) {
        let fellBack = false;
        const fast = fastDecoder(codec, () => (fellBack = true))(variant);
        const slow = codec.decode(variant);
        // A fallback is io-ts's own answer; what matters is that the fast walk never accepts
        // what io-ts refuses, and never decodes to a different value.
        expect(E.isRight(slow) || fellBack).toBe(true);
        expect(fast).toEqual(slow);
        if (E.isRight(slow)) expect(fellBack).toBe(false);
        compared += 1;
        if (E.isLeft(slow)) refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(1000);
    expect(compared - refused).toBeGreaterThan(100);
  });

  it('follows io-ts for refinements, read-only types, unions and partials', () => {
    const codec = t.type({
      count: t.Int,
      tags: t.readonly(t.array(t.union([t.literal('a'), t.literal('b'), t.number]))),
      extra: t.partial({ limit: t.Int, note: t.string }),
    });
    const base = { count: 3, tags: ['a', 2.5], extra: { limit: 1, note: 'n' } };
    const all = [
      base,
      ...variants(base),
      { ...base, count: 2.5 },
      { ...base, extra: { limit: 0.5 } },
    ];
    for (const value of all) {
      let fellBack = false;
      const fast = fastDecoder(codec, () => (fellBack = true))(value);
      expect(fast).toEqual(codec.decode(value));
      expect(fellBack).toBe(E.isLeft(fast));
    }
  });

  it('copies an object whose fields a codec normalises, leaving the stored one alone', () => {
    const sample = sampleEvents.find((s) => s.type === 'EmergencyAccessInvoked');
    if (sample === undefined) throw new Error('no sample');
    const stored = { ...sample, data: { ...sample.data, until: '2026-07-01T10:00:00+01:00' } };
    const decoded: E.Either<t.Errors, { data: { until: string } }> = fastDecoder(
      codecOf(sample.type),
    )(stored);
    expect(E.isRight(decoded) && decoded.right.data.until).toBe('2026-07-01T09:00:00.000Z');
    expect(stored.data.until).toBe('2026-07-01T10:00:00+01:00');
  });
});
