import type { FastifyRequest } from 'fastify';
import type { HostDb } from '../host/hostDb.js';
import { httpProblem } from '../host/problem.js';
import type { Principal } from '../host/principal.js';
import { bearerTokenOf } from './tokenScopes.js';

/**
 * Who is calling: an API token (organisation staff of the token's organisation) or the
 * signed-in session. A malformed or unknown token is refused outright rather than
 * falling back to the cookie, so a client never acts as someone it did not mean to.
 */
export const resolvePrincipal = async (
  request: FastifyRequest,
  db: HostDb,
): Promise<Principal | null> => {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const found = await bearerTokenOf(request, db);
    if (found === undefined)
      throw httpProblem(401, 'Sign in required', 'The API token is not valid.', {
        tag: 'Unauthenticated',
      });
    return {
      kind: 'organisation-staff',
      accountId: `token:${found.label}`,
      organisationId: found.organisationId,
    };
  }
  return current(request.session.data.principal);
};

/**
 * A session saved before privacy officers belonged to an organisation names none: it is
 * treated as signed out, so that person signs in again and acts for their organisation.
 */
const current = (principal: Principal | null): Principal | null =>
  principal?.kind === 'privacy-officer' && typeof principal.organisationId !== 'string'
    ? null
    : principal;
