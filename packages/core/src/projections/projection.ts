import * as t from 'io-ts';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { schemaVersionOf, upcast } from '../schema/upcasters.js';
import { NOT_DECODED, fastValueDecoder } from '../shared/fastDecode.js';
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

/** Upcasts and decodes; events that are not Consentry domain events (e.g. audit checkpoints) give undefined. */
export const toProjected = (event: RecordedEvent): ProjectedEvent | undefined => {
  const reader = readerByType.get(event.type);
  if (reader === undefined) return undefined;
  // `upcast` would return the event itself: skip the call for the (usual) current version.
  const lifted = event.metadata.schemaVersion < reader.version ? upcast(event) : event;
  const data = reader.decodeData(lifted.data);
  if (data === NOT_DECODED) return undefined;
  return {
    type: lifted.type,
    data,
    metadata: lifted.metadata,
    streamName: event.streamName,
    streamPosition: event.streamPosition,
    globalPosition: event.globalPosition,
  } as ProjectedEvent;
};

interface Reader {
  /** The schema version the codec expects: older events are upcast first. */
  readonly version: number;
  /** The event codec's `data` decoder (the `type` literal is what found this reader). */
  readonly decodeData: (data: unknown) => unknown;
}

const readerOf = (codec: t.InterfaceType<t.Props>, type: string): Reader => {
  const keys = Object.keys(codec.props);
  // An event codec is `t.type({ type, data })`; if one ever has more, decode the whole event.
  if (keys.length === 2 && keys.includes('type') && keys.includes('data'))
    return {
      version: schemaVersionOf(type),
      decodeData: fastValueDecoder<unknown>(codec.props['data'] as t.Mixed),
    };
  const decodeEvent = fastValueDecoder<{ readonly data: unknown }>(codec);
  const decodeData = (data: unknown): unknown => {
    const decoded = decodeEvent({ type, data });
    return decoded === NOT_DECODED ? decoded : decoded.data;
  };
  return { version: schemaVersionOf(type), decodeData };
};

/** A union's members by their `type` literal, nested unions flattened. */
const membersByType = (codec: t.Mixed, into: Map<string, Reader>) => {
  if (codec instanceof t.UnionType)
    for (const member of codec.types as t.Mixed[]) membersByType(member, into);
  else if (codec instanceof t.InterfaceType) {
    const type = (codec.props as { type: t.LiteralC<string> }).type.value;
    into.set(type, readerOf(codec as t.InterfaceType<t.Props>, type));
  }
  return into;
};

/**
 * Why a map and not `ConsentryEvent.decode`: a replay decodes every event, and events that
 * are not domain events (notification outbox, checkpoints: a fifth of a busy log) made the
 * union build a full error report before giving up. One lookup finds the one codec to run
 * (the same one the union would pick) and skips the rest.
 */
const readerByType = membersByType(ConsentryEvent, new Map());

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
