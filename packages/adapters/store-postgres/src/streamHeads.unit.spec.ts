import { streamHeadCache } from './streamHeads.js';

describe('streamHeadCache', () => {
  it('forgets the least recently used stream first', () => {
    const cache = streamHeadCache(2);
    cache.set('a', { version: 1n, hash: 'a1' });
    cache.set('b', { version: 1n, hash: 'b1' });
    cache.get('a');
    cache.set('c', { version: 1n, hash: 'c1' });
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([
      { version: 1n, hash: 'a1' },
      undefined,
      { version: 1n, hash: 'c1' },
    ]);
  });

  it('forgets a stream on request, and remembers nothing with capacity 0', () => {
    const cache = streamHeadCache(1);
    cache.set('a', { version: 2n, hash: 'a2' });
    cache.forget('a');
    expect(cache.get('a')).toBeUndefined();
    const none = streamHeadCache(0);
    none.set('a', { version: 1n, hash: 'a1' });
    expect(none.get('a')).toBeUndefined();
  });
});
