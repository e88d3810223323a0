import type { RecordedEvent } from '../eventStore/envelope.js';
import { NOT_OURS, UNDECODABLE, eventReader } from '../streams/reader.js';
import { ConsentryEvent } from '../schema/events.js';

/**
 * A stored event, upcast and decoded: what projections fold. Without `hash`: copying it
 * would make the in-memory store compute its lazy chain hash (SHA-256) for every replayed
 * event, for a value no read model uses; audits read hashes from the stored events.
 */
export type ProjectedEvent = Omit<RecordedEvent, 'hash'> & ConsentryEvent;

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

const readConsentryEvent = eventReader(ConsentryEvent);

/**
 * Reads one stored event for projections (streams/reader.ts): a Consentry domain event, or
 * undefined for one that is not (notifications, checkpoints) or does not decode (counted in
 * `undecodableProjected()`).
 */
export const toProjected = (event: RecordedEvent): ProjectedEvent | undefined => {
  const read = readConsentryEvent(event);
  if (read === NOT_OURS) return undefined;
  if (read === UNDECODABLE) {
    undecodableSeen += 1;
    return undefined;
  }
  return {
    type: read.type,
    data: read.data,
    metadata: event.metadata,
    streamName: event.streamName,
    streamPosition: event.streamPosition,
    globalPosition: event.globalPosition,
  } as ProjectedEvent;
};

let undecodableSeen = 0;
/** How many corrupt (undecodable) events projections have passed over in this process. */
export const undecodableProjected = (): number => undecodableSeen;

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
