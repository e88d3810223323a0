import { uuidV7Ids } from './ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7Ids', () => {
  it('makes RFC 9562 version 7 ids whose first 48 bits are the time in milliseconds', () => {
    const before = Date.now();
    const id = uuidV7Ids.next();
    const after = Date.now();
    expect(id).toMatch(V7);
    const millis = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(after);
  });

  it('never repeats an id, and ids of later milliseconds sort after earlier ones', async () => {
    const first = Array.from({ length: 10_000 }, () => uuidV7Ids.next());
    expect(new Set(first).size).toBe(first.length);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const later = uuidV7Ids.next();
    expect(first.every((id) => id < later)).toBe(true);
  });
});
