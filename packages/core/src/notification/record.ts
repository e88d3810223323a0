import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { NewEvent } from '../eventStore/envelope.js';
import { isVersionConflict, type StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import { notificationStream, type NotificationEvent } from './events.js';
import type { StateCache } from '../streams/stateCache.js';
import { answerKind, type Intent } from './intents.js';
import { notificationLog, type NotificationLog } from './readModels.js';
import { envelope } from '../streams/envelope.js';

export interface RecordDeps {
  readonly store: EventStore;
  /** Folded consent and notification streams to read on from. */
  readonly states: StateCache;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export const REACTOR_ACTOR = { kind: 'system', id: 'notification-reactor' } as const;

/** The record of an intent's outcome answers the event that caused it. */
const outcomeOf = (deps: RecordDeps, intent: Intent, event: NotificationEvent): NewEvent[] =>
  envelope(
    deps,
    {
      actor: REACTOR_ACTOR,
      correlationId: intent.cause.metadata.correlationId,
      causationId: intent.cause.metadata.eventId,
      reason: `${intent.kind} for ${intent.cause.type}`,
    },
    [event],
  );

/**
 * Appends the outcome to the patient's notification stream at the version read before
 * sending. If another reactor wrote there meanwhile, re-read: when it already answered
 * this event, its record stands (one record per event and kind); else append again.
 */
export const recordOutcome = (
  deps: RecordDeps,
  intent: Intent,
  event: NotificationEvent,
  log: NotificationLog,
  triesLeft = 3,
): TE.TaskEither<StoreError, void> =>
  pipe(
    deps.store.appendToStream(
      notificationStream(intent.patientId),
      outcomeOf(deps, intent, event),
      { expectedVersion: log.version },
    ),
    TE.map(() => undefined),
    TE.orElse((error) =>
      isVersionConflict(error) && triesLeft > 0
        ? pipe(
            notificationLog(deps.store, deps.states, intent.patientId),
            TE.flatMap((fresh) =>
              fresh.answered(
                intent.cause.metadata.eventId,
                answerKind(intent.kind, intent.proxyId, intent.opened),
              )
                ? TE.right(undefined)
                : recordOutcome(deps, intent, event, fresh, triesLeft - 1),
            ),
          )
        : TE.left(error),
    ),
  );
