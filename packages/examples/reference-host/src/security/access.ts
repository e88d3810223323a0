import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../host/principal.js';

/** The outcome of an authorisation rule: who acts, or why not (401: sign in; 403: not yours). */
export type AccessResult =
  | { readonly ok: true; readonly principal: Principal | null }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

/** Every route states who may call it; checked before the handler runs. */
export type AccessRule = (request: FastifyRequest) => AccessResult | Promise<AccessResult>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const allow = (principal: Principal | null): AccessResult => ({ ok: true, principal });
const refuse = (status: 401 | 403, reason: string): AccessResult => ({ ok: false, status, reason });

const signedIn = (request: FastifyRequest): Principal | null => request.principal;

type Kind = Principal['kind'];
type Of<K extends Kind> = Extract<Principal, { kind: K }>;

/** Anyone signed in as one of these kinds; `check` narrows further (this patient, this organisation). */
export const role =
  <K extends Kind>(
    kinds: readonly K[],
    check?: (principal: Of<K>, request: FastifyRequest) => boolean | Promise<boolean>,
  ): AccessRule =>
  async (request) => {
    const principal = signedIn(request);
    if (principal === null) return refuse(401, 'Sign in first');
    if (!(kinds as readonly Kind[]).includes(principal.kind))
      return refuse(403, 'Your role may not do this');
    if (check && !(await check(principal as Of<K>, request)))
      return refuse(403, 'You may not act for this patient or organisation');
    return allow(principal);
  };

/** Several rules; the first that allows wins, otherwise the most specific refusal is kept. */
export const anyOf =
  (...rules: readonly AccessRule[]): AccessRule =>
  async (request) => {
    let refusal: AccessResult = refuse(401, 'Sign in first');
    for (const rule of rules) {
      const result = await rule(request);
      if (result.ok) return result;
      if (result.status === 403) refusal = result;
    }
    return refusal;
  };

export const publicRoute: AccessRule = (request) => allow(signedIn(request));

/**
 * Installs the check. A route registered without an `access` rule is a programming error and
 * stops the app from starting, so no route can forget to say who may use it.
 */
export const installAccessControl = (
  app: FastifyInstance,
  resolvePrincipal: (request: FastifyRequest) => Principal | null | Promise<Principal | null>,
  onRefused: (request: FastifyRequest, status: 401 | 403, reason: string) => Error,
): void => {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined)
      throw new Error(`Route ${route.method.toString()} ${route.url} declares no access rule`);
  });
  app.addHook('preHandler', async (request) => {
    request.principal = await resolvePrincipal(request);
    const rule = request.routeOptions.config.access;
    // Only the not-found handler has no rule: every registered route was checked by onRoute.
    if (rule === undefined) return;
    const result = await rule(request);
    if (!result.ok) throw onRefused(request, result.status, result.reason);
  });
};
