import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './http/context.js';
import { httpProblem } from './host/problem.js';
import { registerHealth } from './web/health.js';
import { registerStaffSignIn } from './web/staffSignIn.js';
import { registerOidcSignIn } from './oidc/routes.js';
import { registerPatientSignIn } from './web/patientSignIn.js';
import { registerPatientPortal } from './web/patientPortal.js';
import { registerOrganisationPages } from './web/organisationPages.js';
import { registerPracticePages } from './web/practicePages.js';
import { registerProxyPages } from './web/proxyPages.js';
import { registerPracticeProxyPages } from './web/practiceProxyPages.js';
import { registerPatientProxyPages } from './web/patientProxyPages.js';
import { registerOutbox } from './web/outbox.js';
import { registerApi } from './api/register.js';
import { registerFhir } from './fhir/register.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Forged posts: every web form post must carry a token this session was given for one
 * form, used once. API calls authenticated by cookie must send a custom header, which a
 * cross-site form cannot; calls with a bearer token carry no ambient authority.
 */
const installRequestForgeryCheck = (app: FastifyInstance, ctx: RouteContext): void => {
  app.addHook('preHandler', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.url.startsWith('/api/') || request.url.startsWith('/fhir/')) {
      if (request.headers.authorization !== undefined) return;
      if (request.headers['x-consentry-request'] === '1') return;
      throw httpProblem(
        403,
        'Request refused',
        'Send the X-Consentry-Request: 1 header with a signed-in session.',
        {
          tag: 'Forbidden',
        },
      );
    }
    const token = (request.body as Record<string, unknown> | undefined)?.['_csrf'];
    if (!ctx.sessions.consumeFormToken(request, reply, token))
      throw httpProblem(
        403,
        'This form has expired',
        'This form was already sent or has expired. Go back, reload the page and try again.',
        {
          tag: 'FormExpired',
        },
      );
  });
};

export const registerRoutes = (app: FastifyInstance, ctx: RouteContext): void => {
  installRequestForgeryCheck(app, ctx);
  registerHealth(app, ctx);
  registerStaffSignIn(app, ctx);
  registerOidcSignIn(app, ctx);
  registerPatientSignIn(app, ctx);
  registerPatientPortal(app, ctx);
  registerOrganisationPages(app, ctx);
  registerPracticePages(app, ctx);
  registerProxyPages(app, ctx);
  registerPracticeProxyPages(app, ctx);
  registerPatientProxyPages(app, ctx);
  if (ctx.mode === 'development' && ctx.outbox !== null) registerOutbox(app, ctx, ctx.outbox);
  registerApi(app, ctx);
  registerFhir(app, ctx);
};
