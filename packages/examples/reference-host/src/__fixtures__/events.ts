import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@consentry/core';

/** How many events the store holds: "changes nothing" means this number does not move. */
export const eventCount = async (store: EventStore): Promise<number> => {
  let total = 0;
  let from = 0n;
  for (;;) {
    const batch = await store.readAll({ fromPosition: from, batchSize: 1000 })();
    if (E.isLeft(batch)) throw new Error(batch.left.message);
    total += batch.right.events.length;
    if (batch.right.isEnd) return total;
    from = batch.right.nextPosition;
  }
};
