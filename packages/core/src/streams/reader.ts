import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { storeFailure, type StoreError } from '../eventStore/errors.js';
import { schemaVersionOf, upcast } from '../schema/upcasters.js';
import { fieldProblems } from '../shared/decodeInput.js';
import { NOT_DECODED, fastValueDecoder } from '../shared/fastDecode.js';

/**
 * The one event reader: every stored event any part of Consentry folds goes through here
 * (stream loads, projections, the auditor's history and patient report).
 *
 * The rule for an event that does not read (docs/architecture.md, "Reading events"):
 * - its type is not one the reader's codec knows: `NOT_OURS`. A log walk passes over it
 *   (checkpoints, notifications: not every reader wants every stream); a stream load fails,
 *   since a stream holds only its own events.
 * - its type is known but its data does not decode (after upcasting): `UNDECODABLE`, a
 *   corrupt event. A stream load fails with a `StoreFailure` naming it (`undecodable`); a
 *   log walk passes over it and counts it, and `audit verify` reports it.
 */
export const NOT_OURS: unique symbol = Symbol('not an event of this reader');
export const UNDECODABLE: unique symbol = Symbol('does not decode');

export type ReadResult<Ev> = Ev | typeof NOT_OURS | typeof UNDECODABLE;

/** Reads stored events into their domain shape (`type`, `data`), upcast to the current schema. */
export type EventReader<Ev> = (
  event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>,
) => ReadResult<Ev>;

interface Member {
  /** The schema version the codec expects: older events are upcast first. */
  readonly version: number;
  /** The event codec's `data` decoder (the `type` literal is what found this member). */
  readonly decodeData: (data: unknown) => unknown;
}

const memberOf = (codec: t.InterfaceType<t.Props>, type: string): Member => {
  const keys = Object.keys(codec.props);
  // An event codec is `t.type({ type, data })`; if one ever has more, decode the whole event.
  if (keys.length === 2 && keys.includes('type') && keys.includes('data'))
    return {
      version: schemaVersionOf(type),
      decodeData: fastValueDecoder<unknown>(codec.props['data'] as t.Mixed),
    };
  const decodeEvent = fastValueDecoder<{ readonly data: unknown }>(codec);
  return {
    version: schemaVersionOf(type),
    decodeData: (data) => {
      const decoded = decodeEvent({ type, data });
      return decoded === NOT_DECODED ? decoded : decoded.data;
    },
  };
};

/** A union's members by their `type` literal, nested unions flattened. */
const membersByType = (codec: t.Mixed, into: Map<string, Member>): Map<string, Member> => {
  if (codec instanceof t.UnionType)
    for (const member of codec.types as t.Mixed[]) membersByType(member, into);
  else if (codec instanceof t.InterfaceType) {
    const type = (codec.props as { type: t.LiteralC<string> }).type.value;
    into.set(type, memberOf(codec as t.InterfaceType<t.Props>, type));
  }
  return into;
};

const readers = new WeakMap<object, EventReader<unknown>>();

/**
 * The reader for an event codec (a union of `t.type({ type, data })`), built once per codec.
 * Why a map by type and not `codec.decode`: a replay decodes every event, and a union tries
 * each member in turn, building a full error report for each miss before it finds the one
 * that fits. One lookup finds the one member to run (the same one the union would pick).
 */
export const eventReader = <Ev>(codec: t.Decoder<unknown, Ev>): EventReader<Ev> => {
  const held = readers.get(codec);
  if (held !== undefined) return held as EventReader<Ev>;
  const members = membersByType(codec as unknown as t.Mixed, new Map());
  const read: EventReader<Ev> = (event) => {
    const member = members.get(event.type);
    if (member === undefined) return NOT_OURS;
    // `upcast` would return the event itself: skip the call for the (usual) current version.
    const lifted = event.metadata.schemaVersion < member.version ? upcast(event) : event;
    const data = member.decodeData(lifted.data);
    return data === NOT_DECODED ? UNDECODABLE : ({ type: lifted.type, data } as Ev);
  };
  readers.set(codec, read);
  return read;
};

/** The `StoreFailure` for an event a stream load cannot read: not of this stream, or why it does not decode. */
export const undecodable = (
  codec: t.Decoder<unknown, unknown>,
  event: RecordedEvent,
  read: typeof NOT_OURS | typeof UNDECODABLE,
): StoreError => {
  const at = `Event ${event.streamName}@${event.streamPosition}`;
  if (read === NOT_OURS)
    return storeFailure(`${at} does not decode: type ${event.type} is not an event of this stream`);
  const lifted = upcast(event);
  const report = codec.decode({ type: lifted.type, data: lifted.data });
  const why = E.isLeft(report)
    ? fieldProblems(report.left)
        .map((p) => p.message)
        .join('; ')
    : 'it decodes only through the slow path';
  return storeFailure(`${at} does not decode: ${why}`);
};

/** One event of a stream, read by the rule above: what a fold needs, or why it cannot have it. */
export const readStreamEvent = <Ev>(
  codec: t.Decoder<unknown, Ev>,
  event: RecordedEvent,
): E.Either<StoreError, Ev> => {
  const read = eventReader(codec)(event);
  if (read === NOT_OURS || read === UNDECODABLE)
    return E.left(undecodable(codec, event, read as typeof NOT_OURS | typeof UNDECODABLE));
  return E.right(read);
};

/** `readStreamEvent` with the envelope kept (who, when, positions, hash) for readers that show it. */
export const readRecorded = <Ev>(
  codec: t.Decoder<unknown, Ev>,
  event: RecordedEvent,
): E.Either<StoreError, RecordedEvent & Ev> => {
  const read = readStreamEvent(codec, event);
  return E.isLeft(read)
    ? read
    : E.right({ ...upcast(event), ...(read.right as object) } as RecordedEvent & Ev);
};
