import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiToken, HostDb, TokenScope } from '../host/hostDb.js';
import { httpProblem } from '../host/problem.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** The live token a request carries, if any (a revoked or unknown one is `undefined`). */
export const bearerTokenOf = (request: FastifyRequest, db: HostDb): ApiToken | undefined => {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  return token === undefined ? undefined : db.findApiToken(token);
};

/** A token may only be used for what its scopes name; 403 otherwise (never a fall-back to a cookie). */
export const requireScope = (token: ApiToken, scope: TokenScope): void => {
  if (!token.scopes.includes(scope))
    throw httpProblem(403, 'Not allowed', `This token does not have the "${scope}" scope.`, {
      tag: 'Forbidden',
    });
};

/**
 * API calls with a token need its `api` scope: a token made to read /metrics cannot act for
 * its organisation. Checked as the request arrives, before anything reads the body.
 */
export const installTokenScopes = (app: FastifyInstance, db: HostDb): void => {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers.authorization === undefined || !request.url.startsWith('/api/'))
      return done();
    const token = bearerTokenOf(request, db);
    try {
      if (token !== undefined) requireScope(token, 'api');
      done();
    } catch (refusal) {
      done(refusal as Error);
    }
  });
};

/**
 * The rate limiter's key: a live token's id when the request carries one (each token, that
 * is each system, has its own budget wherever it calls from, and cannot spend another's),
 * otherwise the client address.
 */
export const rateLimitKey =
  (db: HostDb) =>
  (request: FastifyRequest): string => {
    if (request.headers.authorization === undefined) return `address:${request.ip}`;
    const token = bearerTokenOf(request, db);
    return token === undefined ? `address:${request.ip}` : `token:${token.tokenId}`;
  };
