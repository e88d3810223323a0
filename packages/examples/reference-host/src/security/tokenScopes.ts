import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiToken, HostDb, TokenScope } from '../host/hostDb.js';
import { httpProblem } from '../host/problem.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

// The rate limiter, the scope check and the principal all ask: the token is looked up once per request.
const looked = new WeakMap<FastifyRequest, Promise<ApiToken | undefined>>();

/** The live token a request carries, if any (a revoked, unknown or malformed one is `undefined`). */
export const bearerTokenOf = (
  request: FastifyRequest,
  db: HostDb,
): Promise<ApiToken | undefined> => {
  const known = looked.get(request);
  if (known !== undefined) return known;
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  const found = token === undefined ? Promise.resolve(undefined) : db.findApiToken(token);
  looked.set(request, found);
  return found;
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
  app.addHook('onRequest', async (request) => {
    if (request.headers.authorization === undefined || !request.url.startsWith('/api/')) return;
    const token = await bearerTokenOf(request, db);
    if (token !== undefined) requireScope(token, 'api');
  });
};

/**
 * The rate limiter's key: a live token's id when the request carries one (each token, that
 * is each system, has its own budget wherever it calls from, and cannot spend another's),
 * otherwise the client address.
 */
export const rateLimitKey =
  (db: HostDb) =>
  async (request: FastifyRequest): Promise<string> => {
    if (request.headers.authorization === undefined) return `address:${request.ip}`;
    const token = await bearerTokenOf(request, db);
    return token === undefined ? `address:${request.ip}` : `token:${token.tokenId}`;
  };
