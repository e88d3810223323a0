import type { Actor, NewEvent } from '../eventStore/envelope.js';
import { schemaVersionOf } from '../schema/upcasters.js';
import type { DomainEvent } from '../shared/decider.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';

/** Who caused events and why (docs/domain.md): a command's context, or the event a reactor answers. */
export interface Cause {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The event these answer, for events written in reply to another (notifications). */
  readonly causationId?: string;
  readonly reason?: string;
}

/**
 * The one envelope builder: every event Consentry writes (commands, notification records,
 * checkpoints) gets its id, time, cause and the schema version its type is written in here.
 * `recordedAt` defaults to the clock's now; a checkpoint passes the time it describes.
 */
export const envelope = (
  source: { readonly clock: Clock; readonly ids: IdGenerator },
  cause: Cause,
  events: readonly DomainEvent[],
  recordedAt: string = source.clock.now().toISOString(),
): NewEvent[] =>
  events.map((event) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: source.ids.next(),
      recordedAt,
      actor: cause.actor,
      correlationId: cause.correlationId,
      ...(cause.causationId === undefined ? {} : { causationId: cause.causationId }),
      schemaVersion: schemaVersionOf(event.type),
      ...(cause.reason === undefined ? {} : { reason: cause.reason }),
    },
  }));
