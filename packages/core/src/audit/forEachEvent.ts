import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import type { StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';

/**
 * Reads the whole log from `fromPosition` in batches, handing each event to `visit` in
 * order; `onBatch` reports progress after each batch.
 */
export const forEachEvent =
  (
    store: EventStore,
    fromPosition: bigint,
    visit: (event: RecordedEvent) => void,
    onBatch?: (position: bigint, count: number) => void,
    batchSize = 5_000,
  ): TE.TaskEither<StoreError, bigint> =>
  async () => {
    let position = fromPosition;
    for (;;) {
      const batch = await store.readAll({ fromPosition: position, batchSize })();
      if (batch._tag === 'Left') return batch;
      for (const event of batch.right.events) visit(event);
      onBatch?.(batch.right.nextPosition, batch.right.events.length);
      position = batch.right.nextPosition;
      if (batch.right.isEnd || batch.right.events.length === 0) return E.right(position);
    }
  };
