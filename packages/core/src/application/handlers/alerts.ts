import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { accessDecider } from '../../access/decide.js';
import type { RequestId } from '../../access/codecs.js';
import { careDecider } from '../../care/decide.js';
import type { RelationshipId } from '../../care/codecs.js';
import type { ConsentRecordEvent } from '../../consentRecord/record.js';
import { alertOf, type AlertsState } from '../../projections/alerts.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { asSystemOrPracticeStaff } from '../authorise.js';
import { runConsentCommand } from '../consentCommand.js';
import type * as I from '../inputs.js';
import type { Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';

/** The privacy officer's review: found through the alerts read model, recorded on the patient's stream. */
export const reviewAlert =
  (rt: Runtime, alerts: () => TE.TaskEither<ConsentryError, AlertsState>) =>
  (input: t.TypeOf<typeof I.ReviewAlertInput>, ctx: Ctx): TE.TaskEither<ConsentryError, Receipt> =>
    pipe(
      TE.fromEither(asSystemOrPracticeStaff(ctx.actor)),
      TE.flatMap(alerts),
      TE.flatMap((state) => {
        const alert = alertOf(state, input.alertId);
        return alert === undefined
          ? TE.left(consentryError('Conflict', { message: `No alert ${input.alertId}` }))
          : TE.right(alert);
      }),
      TE.flatMap((alert) =>
        runConsentCommand(rt, ctx, {
          patientId: alert.patientId,
          organisationIds: [],
          authorise: () => E.right(undefined),
          decide: (view) => {
            const review = {
              outcome: input.outcome,
              ...(input.notes === undefined ? {} : { notes: input.notes }),
            };
            const events: E.Either<ConsentryError, readonly ConsentRecordEvent[]> =
              alert.kind === 'emergency-access'
                ? accessDecider.decide(
                    {
                      type: 'ReviewEmergency',
                      data: {
                        patientId: alert.patientId,
                        emergencyId: alert.alertId as RequestId,
                        ...review,
                      },
                    },
                    view.consent.state.access,
                  )
                : careDecider.decide(
                    {
                      type: 'ReviewRelationship',
                      data: {
                        patientId: alert.patientId,
                        relationshipId: alert.alertId as RelationshipId,
                        ...review,
                      },
                    },
                    view.consent.state.care,
                  );
            return E.map((evs: readonly ConsentRecordEvent[]) => ({
              events: evs,
              result: E.right<ConsentryError, void>(undefined),
            }))(events);
          },
        }),
      ),
      TE.map(({ receipt }) => receipt),
    );
