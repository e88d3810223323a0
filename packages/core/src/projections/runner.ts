import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import { walkLog } from '../eventStore/walkLog.js';
import { project, type Projection } from './projection.js';

export interface CatchingUpProjection<S> {
  /** Reads every event appended since the last call, then returns the state: never stale. */
  readonly current: () => TE.TaskEither<StoreError, S>;
  /** Global position of the next event to fold. */
  readonly position: () => bigint;
}

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
    const walked = await walkLog(store, { from: position, batchSize }, (events, next) => {
      state = project(projection, events, state);
      position = next;
    })();
    return E.isLeft(walked) ? walked : E.right(state);
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
