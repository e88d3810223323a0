import type { Either } from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '@consentry/core';

/**
 * The facade's own folds and decode-and-fold step, for the floor of a command
 * (workloads/facadeFloor.ts): the bench measures the very code the facade runs, without the
 * facade. They are not part of core's public surface, so they are loaded from its build by
 * path (the bench runs against the workspace's own build).
 */
export interface Fold<S> {
  readonly initialState: () => S;
}

export interface Loaded<S> {
  readonly state: S;
  readonly version: bigint;
}

export interface CoreInternals {
  readonly patientFold: Fold<unknown>;
  readonly organisationFold: Fold<unknown>;
  readonly practiceListsFold: Fold<unknown>;
  readonly consentFold: Fold<unknown>;
  readonly foldOnto: <S>(
    fold: Fold<S>,
    from: S,
    events: readonly RecordedEvent[],
    version: bigint,
  ) => Either<unknown, Loaded<S>>;
}

const coreDist = new URL('.', import.meta.resolve('@consentry/core'));

/** The first of `paths` (inside core's dist) that loads: the folders of core move now and then. */
const firstOf = async (paths: readonly string[]): Promise<Record<string, unknown>> => {
  for (const path of paths) {
    try {
      return (await import(new URL(path, coreDist).href)) as Record<string, unknown>;
    } catch {
      // not there in this build
    }
  }
  throw new Error(`none of ${paths.join(', ')} in ${coreDist.href}`);
};

export const coreInternals = async (): Promise<CoreInternals> => {
  const folds = await firstOf(['streams/folds.js', 'application/folds.js']);
  const io = await firstOf(['streams/streamIo.js', 'streams/fold.js', 'application/streamIo.js']);
  return { ...folds, foldOnto: io['foldOnto'] } as unknown as CoreInternals;
};
