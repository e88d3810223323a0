import * as TE from 'fp-ts/lib/TaskEither.js';
import type { CommandContext, ConsentryError } from '@consentry/core';
import { httpProblem, type HttpProblem } from '../host/problem.js';
import { actorOf } from '../security/patientAccess.js';
import type { Principal } from '../host/principal.js';

/** Who acts and why, for every command the API runs. */
export const contextOf = (principal: Principal, reason?: string): CommandContext =>
  reason === undefined ? { actor: actorOf(principal) } : { actor: actorOf(principal), reason };

/**
 * Organisation staff always act for their own organisation: a request naming another one
 * is refused, never silently redirected.
 */
export const ownOrganisation = (
  principal: Principal,
  named: string | undefined,
): TE.TaskEither<ConsentryError | HttpProblem, string> => {
  if (principal.kind !== 'organisation-staff' && principal.kind !== 'practice-staff')
    return TE.left(
      httpProblem(403, 'Not allowed', 'Only staff act for an organisation.', { tag: 'Forbidden' }),
    );
  if (named !== undefined && named !== principal.organisationId)
    return TE.left(
      httpProblem(403, 'Not allowed', 'You may act only for your own organisation.', {
        tag: 'Forbidden',
        field: 'organisationId',
      }),
    );
  return TE.right(principal.organisationId);
};
