import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Alert, Consentry } from '@consentry/core';
import type { Principal } from '../host/principal.js';

// Shared by the API's alert routes and the alert pages (web/alertPages.ts).

type Alerts = readonly Alert[];

/**
 * An auditor sees every alert; a privacy officer those their organisation caused and those
 * about its registered patients (the ones core lets them review); practice staff those about
 * their registered patients.
 */
export const alertsVisibleTo = (
  ctx: { readonly consentry: Pick<Consentry, 'patient'> },
  principal: Principal,
  alerts: Alerts,
): TE.TaskEither<never, Alerts> => {
  if (principal.kind === 'auditor') return TE.right(alerts);
  if (principal.kind !== 'practice-staff' && principal.kind !== 'privacy-officer')
    return TE.right([]);
  const own = principal.organisationId;
  return pipe(
    TE.sequenceArray(
      alerts.map((alert) =>
        TE.orElseW(() => TE.right(null))(ctx.consentry.patient({ patientId: alert.patientId })),
      ),
    ),
    TE.map((patients) =>
      alerts.filter(
        (alert, i) =>
          patients[i]?.practiceId === own ||
          (principal.kind === 'privacy-officer' && alert.organisationId === own),
      ),
    ),
  );
};
