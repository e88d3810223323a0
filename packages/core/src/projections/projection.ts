import * as E from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { upcast } from '../schema/upcasters.js';
import { ConsentryEvent } from '../schema/events.js';

/** A stored event, upcast and decoded: what projections fold. */
export type ProjectedEvent = RecordedEvent & ConsentryEvent;

/**
 * A read model as a fold over the global event log; rebuildable from `readAll` at any time.
 *
 * Why state is updated in place: a read model folds the whole log (a replay is a million
 * events), and copying a record of every patient per event made each event O(n) and a
 * replay O(n²), with most of the time in GC. So `evolve` may update the state it is given
 * (Maps, arrays it created) and return it; the runner that called `initialState()` owns
 * that state and never shares it. Query helpers (`accessHistoryOf`, `alertsWith`, …) copy
 * what they return, so a caller never holds a view that a later event changes.
 */
export interface Projection<S> {
  readonly name: string;
  /** A fresh state each call: the caller owns it. */
  readonly initialState: () => S;
  /** Total: never throws, ignores what it does not need; O(1) per event; may update `state` in place. */
  readonly evolve: (state: S, event: ProjectedEvent) => S;
}

/** Upcasts and decodes; events that are not Consentry domain events (e.g. audit checkpoints) give undefined. */
export const toProjected = (event: RecordedEvent): ProjectedEvent | undefined => {
  const lifted = upcast(event);
  const decoded = ConsentryEvent.decode({ type: lifted.type, data: lifted.data });
  return E.isRight(decoded) ? { ...lifted, ...decoded.right } : undefined;
};

/**
 * Folds a list of stored events (e.g. one stream, or a whole `readAll`) through a projection.
 * `from` is updated in place (see `Projection`): pass only a state this caller owns.
 */
export const project = <S>(
  projection: Projection<S>,
  events: readonly RecordedEvent[],
  from: S = projection.initialState(),
): S => {
  let state = from;
  for (const event of events) {
    const projected = toProjected(event);
    if (projected !== undefined) state = projection.evolve(state, projected);
  }
  return state;
};
