import * as TE from 'fp-ts/lib/TaskEither.js';
import type { StoreError } from '../eventStore/errors.js';

/**
 * Where a reactor remembers how far it has got: the global position of the next event
 * to handle. Saved only after the events before it were handled, so a restart resumes
 * there and handles again at most what was in flight.
 */
export interface CheckpointStore {
  /** The stored position, or 0n (from the beginning) when none was ever saved. */
  load(reactorName: string): TE.TaskEither<StoreError, bigint>;
  /** Stores the position; never moves a checkpoint backwards. */
  save(reactorName: string, position: bigint): TE.TaskEither<StoreError, void>;
}

/** Checkpoints in memory: for tests and for a process that replays from its own start. */
export const inMemoryCheckpoints = (): CheckpointStore => {
  const positions = new Map<string, bigint>();
  return {
    load: (name) => TE.right(positions.get(name) ?? 0n),
    save: (name, position) => {
      const held = positions.get(name) ?? 0n;
      positions.set(name, position > held ? position : held);
      return TE.right(undefined);
    },
  };
};
