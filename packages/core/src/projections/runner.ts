import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { storeUnavailable, type StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import { project, type Projection } from './projection.js';

export interface CatchingUpProjection<S> {
  /** Reads every event appended since the last call, then returns the state: never stale. */
  readonly current: () => TE.TaskEither<StoreError, S>;
  /** Global position of the next event to fold. */
  readonly position: () => bigint;
}

/** A read model that could not reach the end of the log: how far it got, and why. */
export const behind = (position: bigint): StoreError =>
  storeUnavailable(
    `Behind: the log after global position ${position.toString()} is held back by a write still in progress; this answer would not be current, try again`,
  );

/**
 * Keeps a projection in memory and catches it up from `readAll` on demand. Calls are
 * serialised, so two queries never fold the same batch twice.
 */
export const catchingUp = <S>(
  store: EventStore,
  projection: Projection<S>,
  batchSize = 1000,
): CatchingUpProjection<S> => {
  let state = projection.initialState();
  let position = 0n;
  let queue: Promise<unknown> = Promise.resolve();

  const catchUp = async (): Promise<E.Either<StoreError, S>> => {
    let pending = store.readAll({ fromPosition: position, batchSize })();
    for (;;) {
      const batch = await pending;
      if (E.isLeft(batch)) return batch;
      const { events, nextPosition, isEnd } = batch.right;
      // The store holds the rest back (a write still in progress, after its own wait): the
      // state would not be current, so say so rather than answer as if it were.
      if (events.length === 0 && !isEnd) return E.left(behind(position));
      const next = nextPosition > position ? nextPosition : position;
      const done = isEnd || events.length === 0;
      // Ask for the next batch before folding this one, so a networked store reads while we fold.
      if (!done) pending = store.readAll({ fromPosition: next, batchSize })();
      state = project(projection, events, state);
      position = next;
      if (done) return E.right(state);
    }
  };

  return {
    current: () => () => {
      const run = queue.then(catchUp);
      queue = run.catch(() => undefined);
      return run;
    },
    position: () => position,
  };
};

/** Rebuilds a projection from the first event (for audits and tests). */
export const rebuild = <S>(
  store: EventStore,
  projection: Projection<S>,
): TE.TaskEither<StoreError, S> => catchingUp(store, projection).current();
