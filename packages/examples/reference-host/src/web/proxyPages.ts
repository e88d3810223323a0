import type { FastifyInstance } from 'fastify';
import { publicRoute, role } from '../security/access.js';
import type { RouteContext } from '../http/context.js';
import { signInThrottleFor } from './signInThrottling.js';
import { checkProxyCode, sendProxyCode, showCodeForm, showSignIn } from './proxy/signIn.js';
import { answerForPatient, showProxyHome } from './proxy/acting.js';

const proxyOnly = role(['proxy']);

/**
 * Proxies (docs/reference-host.md, "Proxies"): a parent, carer or attorney signs in as
 * themself — their proxy id, the NHS number of the patient they act for, and a code sent to
 * their own mobile or e-mail — then acts for that patient only. Every page says who they are
 * acting for; what they may do is core's to decide (scope, dates, the 16th birthday).
 */
export const registerProxyPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const throttle = signInThrottleFor(ctx);
  const attempts = { rateLimit: { max: ctx.limits.attemptsPerMinute, timeWindow: 60_000 } };
  const open = { config: { access: publicRoute } };
  const openWithAttempts = { config: { access: publicRoute, ...attempts } };
  app.get('/proxy/sign-in', open, showSignIn(ctx));
  app.post('/proxy/sign-in', openWithAttempts, sendProxyCode(ctx, throttle));
  app.get('/proxy/sign-in/code', open, showCodeForm(ctx));
  app.post('/proxy/sign-in/code', openWithAttempts, checkProxyCode(ctx, throttle));

  const acting = { config: { access: proxyOnly } };
  app.get('/proxy', acting, showProxyHome(ctx));
  for (const choice of ['approve', 'refuse'] as const)
    app.post(`/proxy/requests/:organisationId/${choice}`, acting, answerForPatient(ctx, choice));
};
