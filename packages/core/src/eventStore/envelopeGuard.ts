import { ActorKind, type EventMetadata } from './envelope.js';

/*
 * Replay checks every stored row against the core envelope codec (`NewEventCodec`). Its
 * io-ts guard walks two intersections and a keyof per row, about a tenth of the client's
 * CPU time in a replay profile. This is the same check written out. It is only a fast
 * path: a row it refuses still goes to the codec, so it must never accept what the codec
 * refuses; envelopeGuard.unit.spec.ts holds it to that, and fails if the codec changes shape.
 */

const ACTOR_KINDS: ReadonlySet<string> = new Set(Object.keys(ActorKind.keys));

type Fields = Readonly<Record<string, unknown>>;

// io-ts's UnknownRecord: any object that is not an array.
const isRecord = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isOptionalString = (value: unknown): boolean =>
  value === undefined || typeof value === 'string';

const isActor = (actor: unknown): boolean =>
  isRecord(actor) &&
  typeof actor.kind === 'string' &&
  ACTOR_KINDS.has(actor.kind) &&
  typeof actor.id === 'string' &&
  isOptionalString(actor.organisationId) &&
  isOptionalString(actor.forPatientId);

/** True when an event with this type and metadata passes `NewEventCodec.is` (any data does). */
export const isEnvelope = <T extends { readonly type: unknown; readonly metadata: unknown }>(
  event: T,
): event is T & { readonly type: string; readonly metadata: EventMetadata } => {
  const { type, metadata } = event;
  return (
    typeof type === 'string' &&
    isRecord(metadata) &&
    typeof metadata.eventId === 'string' &&
    typeof metadata.recordedAt === 'string' &&
    isActor(metadata.actor) &&
    typeof metadata.correlationId === 'string' &&
    typeof metadata.schemaVersion === 'number' &&
    isOptionalString(metadata.causationId) &&
    isOptionalString(metadata.reason)
  );
};
