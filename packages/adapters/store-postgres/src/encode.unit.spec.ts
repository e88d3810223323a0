import * as E from 'fp-ts/lib/Either.js';
import { encodeEvents, findNonJson } from './encode.js';
import { anEvent } from './testSupport/events.js';

describe('findNonJson', () => {
  it.each([
    [{ at: new Date(0) }, 'data.at is a Date'],
    [{ list: [1, undefined] }, 'data.list[1] is undefined'],
    [{ n: Number.POSITIVE_INFINITY }, 'data.n is Infinity'],
    [{ n: 1n }, 'data.n is a bigint'],
    [{ f: () => 1 }, 'data.f is a function'],
  ])('names where %j stops being JSON', (value, problem) => {
    expect(findNonJson(value, 'data')).toMatch(problem);
  });

  it('accepts plain JSON, skipping undefined fields as JSON does', () => {
    expect(
      findNonJson({ a: [1, 'x', null, { b: true }], gone: undefined }, 'data'),
    ).toBeUndefined();
  });
});

describe('encodeEvents', () => {
  it('rejects an event whose metadata the envelope codec refuses, naming the field', () => {
    const bad = { ...anEvent(), metadata: { ...anEvent().metadata, schemaVersion: 'one' } };
    const result = encodeEvents('thing-1', [anEvent(), bad as never]);
    expect(E.isLeft(result) && result.left.message).toMatch(/event 1.*schemaVersion/);
  });
});
