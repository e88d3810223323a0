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
  readonly evolve: (state: S, event: never) => S;
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

export const coreInternals = async (): Promise<CoreInternals> => {
  const folds = (await import(new URL('streams/folds.js', coreDist).href)) as object;
  const load = (await import(new URL('streams/load.js', coreDist).href)) as { foldOnto: unknown };
  return { ...folds, foldOnto: load.foldOnto } as unknown as CoreInternals;
};
