import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { RecordedEvent } from './envelope.js';
import { storeUnavailable, type StoreError } from './errors.js';
import type { EventStore } from './port.js';

/**
 * The log could not be read to its end: a write still in progress holds back what follows
 * `position`. An answer folded so far would not be current, so walkers say so instead.
 */
export const behind = (position: bigint): StoreError =>
  storeUnavailable(
    `Behind: the log after global position ${position.toString()} is held back by a write still in progress; this answer would not be current, try again`,
  );

/** What a visit of one batch tells the walk: go on (nothing), stop here, or fail with this error. */
export type WalkStep = void | 'stop' | E.Left<StoreError>;

export interface WalkOptions {
  /** Global position of the first event to read. */
  readonly from: bigint;
  readonly batchSize?: number;
  /**
   * Ask for the next batch before visiting this one, so a networked store reads while the
   * caller folds (default true). Off for a visit that must finish before the next read.
   */
  readonly readAhead?: boolean;
  /**
   * A log held back by a write in progress fails the walk (`behind`) by default; a caller that
   * will simply look again later (a subscription) stops there instead, with the position reached.
   */
  readonly whenHeldBack?: 'fail' | 'stop';
}

/**
 * The one loop over the whole log (projections, audits, the notification reactor, the
 * polling subscription): reads from `from` in batches, hands each batch to `visit` in
 * order, and returns the position after the last event read once it reaches the end.
 *
 * One rule for a log held back by a write in progress (a batch that is empty but not the
 * end): the walk fails with `behind(position)`, never returns as if it had read everything
 * (unless the caller asks to stop there, see `whenHeldBack`).
 */
export const walkLog =
  (
    store: Pick<EventStore, 'readAll'>,
    options: WalkOptions,
    visit: (events: readonly RecordedEvent[], nextPosition: bigint) => WalkStep | Promise<WalkStep>,
  ): TE.TaskEither<StoreError, bigint> =>
  async () => {
    const batchSize = options.batchSize ?? 1_000;
    const readAhead = options.readAhead ?? true;
    let position = options.from;
    let pending = store.readAll({ fromPosition: position, batchSize })();
    for (;;) {
      const batch = await pending;
      if (E.isLeft(batch)) return batch;
      const { events, nextPosition, isEnd } = batch.right;
      if (events.length === 0 && !isEnd)
        return options.whenHeldBack === 'stop' ? E.right(position) : E.left(behind(position));
      const next = nextPosition > position ? nextPosition : position;
      const done = isEnd || events.length === 0;
      if (!done && readAhead) pending = store.readAll({ fromPosition: next, batchSize })();
      const step = await visit(events, next);
      if (step === 'stop') return E.right(next);
      if (step !== undefined) return step;
      position = next;
      if (done) return E.right(position);
      if (!readAhead) pending = store.readAll({ fromPosition: position, batchSize })();
    }
  };

/**
 * `walkLog` one event at a time from `fromPosition`, for auditors' tools: `visit` sees each
 * event in order; `onBatch` reports progress (position reached, events in the batch).
 */
export const forEachEvent = (
  store: Pick<EventStore, 'readAll'>,
  fromPosition: bigint,
  visit: (event: RecordedEvent) => void,
  onBatch?: (position: bigint, count: number) => void,
  batchSize = 5_000,
): TE.TaskEither<StoreError, bigint> =>
  walkLog(store, { from: fromPosition, batchSize }, (events, next) => {
    for (const event of events) visit(event);
    onBatch?.(next, events.length);
  });
