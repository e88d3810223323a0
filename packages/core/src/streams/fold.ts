import type * as t from 'io-ts';

/**
 * How one stream's events fold into its state: the codec of the events the stream holds,
 * the state before any event, and one step. The deciders' folds (streams/folds.ts) and
 * the notification log's are `Fold`s; read models over the whole log are `Projection`s
 * (projections/projection.ts), which may update their state in place.
 */
export interface Fold<S, Ev> {
  readonly codec: t.Decoder<unknown, Ev>;
  readonly initialState: () => S;
  readonly evolve: (state: S, event: Ev) => S;
}

/** A stream's folded state and the version it was read at (the version the append names). */
export interface Loaded<S> {
  readonly state: S;
  readonly version: bigint;
}
