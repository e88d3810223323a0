import * as t from 'io-ts';

/**
 * Who did something. Every event names its actor, so an auditor can read who acted. What
 * each kind may do is the table in docs/facade-api.md (`trust/`): staff, privacy officers and
 * an organisation's own system feed act for their `organisationId`; an auditor only reads;
 * `system` is the embedding host itself (registration only), never a person. A `proxy` is a
 * person acting for one patient (`forPatientId`): a parent, carer or attorney with their own id.
 */
export const ActorKind = t.keyof({
  patient: null,
  'practice-staff': null,
  'organisation-staff': null,
  'privacy-officer': null,
  auditor: null,
  'organisation-system': null,
  system: null,
  proxy: null,
});
export type ActorKind = t.TypeOf<typeof ActorKind>;

export const Actor = t.intersection([
  t.type({ kind: ActorKind, id: t.string }),
  t.partial({ organisationId: t.string, forPatientId: t.string }),
]);
export type Actor = t.TypeOf<typeof Actor>;

/** Metadata every event carries; `reason` says why it happened. */
export const EventMetadata = t.intersection([
  t.type({
    eventId: t.string,
    recordedAt: t.string,
    actor: Actor,
    correlationId: t.string,
    schemaVersion: t.number,
  }),
  t.partial({ causationId: t.string, reason: t.string }),
]);
export type EventMetadata = t.TypeOf<typeof EventMetadata>;

/**
 * An event as a command produces it, before the store assigns positions.
 * `data` must be plain JSON: strings, numbers, booleans, null, arrays and objects
 * (dates as ISO-8601 strings, no bigint).
 */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** An event as the store returns it: with its stream, positions and chain hash. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<
  Type,
  Data
> {
  readonly streamName: string;
  /** 1-based position in its stream; equals the stream version after this event. */
  readonly streamPosition: bigint;
  /** Position in the store's global commit order; increasing, not necessarily dense. */
  readonly globalPosition: bigint;
  /** Hash chained to the previous event of the stream (see `chainHash`). */
  readonly hash: string;
}

/** Codec for the envelope of a new event (the `data` is checked by each event's own codec). */
export const NewEventCodec = t.type({ type: t.string, data: t.unknown, metadata: EventMetadata });
