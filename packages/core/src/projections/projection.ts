import * as E from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { upcast } from '../schema/upcasters.js';
import { ConsentryEvent } from '../schema/events.js';

/** A stored event, upcast and decoded: what projections fold. */
export type ProjectedEvent = RecordedEvent & ConsentryEvent;

/** A read model as a pure fold over the global event log; rebuildable from `readAll` at any time. */
export interface Projection<S> {
  readonly name: string;
  readonly initialState: () => S;
  /** Total and pure: never throws, ignores what it does not need. */
  readonly evolve: (state: S, event: ProjectedEvent) => S;
}

/** Upcasts and decodes; events that are not Consentry domain events (e.g. audit checkpoints) give undefined. */
export const toProjected = (event: RecordedEvent): ProjectedEvent | undefined => {
  const lifted = upcast(event);
  const decoded = ConsentryEvent.decode({ type: lifted.type, data: lifted.data });
  return E.isRight(decoded) ? ({ ...lifted, ...decoded.right } as ProjectedEvent) : undefined;
};

/** Folds a list of stored events (e.g. one stream, or a whole `readAll`) through a projection. */
export const project = <S>(projection: Projection<S>, events: readonly RecordedEvent[], from: S = projection.initialState()): S =>
  events.reduce((state, event) => {
    const projected = toProjected(event);
    return projected === undefined ? state : projection.evolve(state, projected);
  }, from);
