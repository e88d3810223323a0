import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { RequestId } from '../../consentRecord/access/codecs.js';
import type { RelationshipId } from '../../consentRecord/care/codecs.js';
import type { ReviewOutcome } from '../../consentRecord/care/events.js';
import type { Text } from '../../shared/brandedString.js';
import type { ConsentRecordEvent } from '../../consentRecord/state.js';
import { alertOf, type AlertsState } from '../../projections/alerts.js';
import type { RefusalEvent } from '../../refusals/events.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { streams } from '../../shared/streams.js';
import { mayReviewAlert } from '../../trust/table.js';
import { runConsentCommand } from '../consentCommand.js';
import { loadPatient } from '../../streams/folds.js';
import type * as I from '../inputs.js';
import type { Alert, Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';
import { append } from '../../streams/load.js';
import { decideConsentRecord } from '../../consentRecord/decide.js';

interface Review {
  readonly outcome: ReviewOutcome;
  readonly notes?: Text;
}

/** Emergency and self-claim reviews go on the consent stream, where the alert's cause is. */
const reviewOnConsentStream = (rt: Runtime, ctx: Ctx, alert: Alert, review: Review) =>
  pipe(
    runConsentCommand(rt, ctx, {
      command: 'reviewAlert',
      patientId: alert.patientId,
      organisationIds: [],
      authorise: (actor, view) => mayReviewAlert(actor, alert, view.patient),
      decide: (view) => {
        const events: E.Either<ConsentryError, readonly ConsentRecordEvent[]> =
          alert.kind === 'emergency-access'
            ? decideConsentRecord(
                {
                  type: 'ReviewEmergency',
                  data: {
                    patientId: alert.patientId,
                    emergencyId: alert.alertId as RequestId,
                    ...review,
                  },
                },
                view.consent.state,
              )
            : decideConsentRecord(
                {
                  type: 'ReviewRelationship',
                  data: {
                    patientId: alert.patientId,
                    relationshipId: alert.alertId as RelationshipId,
                    ...review,
                  },
                },
                view.consent.state,
              );
        return E.map((evs: readonly ConsentRecordEvent[]) => ({
          events: evs,
          result: E.right<ConsentryError, void>(undefined),
        }))(events);
      },
    }),
    TE.map(({ receipt }) => receipt),
  );

/** A review of repeated refusals goes where the refusals are: never the consent stream. */
const reviewRefusals = (
  rt: Runtime,
  ctx: Ctx,
  alert: Alert,
  review: Review,
): TE.TaskEither<ConsentryError, Receipt> =>
  pipe(
    loadPatient(rt, alert.patientId),
    TE.flatMap(({ state }) =>
      state.status === 'registered'
        ? TE.fromEither(mayReviewAlert(ctx.actor, alert, state))
        : TE.left(consentryError('UnknownPatient', { message: `No patient ${alert.patientId}` })),
    ),
    TE.flatMap(() => {
      if (alert.status === 'reviewed')
        return TE.left(consentryError('Conflict', { message: 'This alert was already reviewed' }));
      const event = {
        type: 'RefusalsReviewed',
        data: {
          patientId: alert.patientId,
          alertId: alert.alertId,
          organisationId: alert.organisationId,
          ...review,
        },
      } as RefusalEvent;
      return append(rt, ctx, streams.refusals(alert.patientId), [event], 'any');
    }),
    TE.map((appended) => ({
      correlationId: ctx.correlationId,
      appended: appended.events.length,
      undelivered: 0,
    })),
  );

/**
 * A privacy officer's review: of the organisation whose staff caused the alert or of the
 * patient's registered practice, never the person who caused it (trust/table.ts).
 */
export const reviewAlert =
  (rt: Runtime, alerts: () => TE.TaskEither<ConsentryError, AlertsState>) =>
  (input: t.TypeOf<typeof I.ReviewAlertInput>, ctx: Ctx): TE.TaskEither<ConsentryError, Receipt> =>
    pipe(
      ctx.actor.kind === 'privacy-officer'
        ? alerts()
        : TE.left(
            consentryError('NotPermitted', { message: 'Only a privacy officer may review alerts' }),
          ),
      TE.flatMap((state) => {
        const alert = alertOf(state, input.alertId);
        return alert === undefined
          ? TE.left(consentryError('Conflict', { message: `No alert ${input.alertId}` }))
          : TE.right(alert);
      }),
      TE.flatMap((alert) => {
        const review: Review = {
          outcome: input.outcome,
          ...(input.notes === undefined ? {} : { notes: input.notes }),
        };
        // A practice change has no consent-stream cause: reviewed beside refused attempts.
        return alert.kind === 'repeated-refusals' || alert.kind === 'practice-changed'
          ? reviewRefusals(rt, ctx, alert, review)
          : reviewOnConsentStream(rt, ctx, alert, review);
      }),
    );
