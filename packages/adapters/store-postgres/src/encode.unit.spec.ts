import * as E from 'fp-ts/lib/Either.js';
import { encodeEvents } from './encode.js';
import { anEvent } from './testSupport/events.js';

describe('encodeEvents', () => {
  it('rejects an event whose metadata the envelope codec refuses, naming the field', () => {
    const bad = { ...anEvent(), metadata: { ...anEvent().metadata, schemaVersion: 'one' } };
    const result = encodeEvents('thing-1', [anEvent(), bad as never]);
    expect(E.isLeft(result) && result.left.message).toMatch(/event 1.*schemaVersion/);
  });

  it('rejects data that is not plain JSON, naming where', () => {
    const result = encodeEvents('thing-1', [anEvent('Dated', { visit: { at: new Date(0) } })]);
    expect(E.isLeft(result) && result.left.message).toMatch(/data\.visit\.at/);
  });

  it('returns frozen copies, so the caller changing its objects later changes nothing', () => {
    const data = { list: [1, 2] };
    const result = encodeEvents('thing-1', [anEvent('Listed', data)]);
    data.list.push(3);
    expect(E.isRight(result) && result.right[0]?.data).toEqual({ list: [1, 2] });
  });
});
