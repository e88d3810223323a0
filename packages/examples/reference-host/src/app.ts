import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { httpProblem, isHttpProblem, problemBody, type HttpProblem } from './host/problem.js';
import { paths } from './web/paths.js';
import { installAccessControl } from './security/access.js';
import { installSecurityHeaders, isJsonRoute } from './security/headers.js';
import { resolvePrincipal } from './security/principalFromRequest.js';
import { installTokenScopes, rateLimitKey } from './security/tokenScopes.js';
import { hostDbRateLimitStore } from './security/rateLimitStore.js';
import { clientErrorHandler, frameworkErrors } from './security/frameworkErrors.js';
import { installNoStore } from './security/noStore.js';
import { defaultSessionPolicy, installSessions } from './security/sessions.js';
import { createViews } from './web/views.js';
import { serveFolder } from './web/staticFiles.js';
import { registerRoutes } from './routes.js';
import { installMetrics } from './metrics/route.js';
import { instrumentedConsentry } from './metrics/instrumentFacade.js';
import { instrumentedSignInNotifier } from './metrics/instrumentNotifier.js';
import type { AppDeps, HostLimits } from './http/context.js';

const defaultLimits: HostLimits = { attemptsPerMinute: 10, bodyLimitBytes: 16 * 1024 };

/** Builds the Fastify app without listening; tests listen on a free port of 127.0.0.1. */
export const buildApp = async (deps: AppDeps): Promise<FastifyInstance> => {
  const limits = { ...defaultLimits, ...deps.limits };
  const production = deps.mode === 'production';
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    bodyLimit: limits.bodyLimitBytes,
    trustProxy: false,
    // Query strings hold NHS numbers; they are parsed but never logged (see logging.ts).
    routerOptions: { maxParamLength: 128 },
    frameworkErrors,
    clientErrorHandler,
  });

  installSecurityHeaders(app, production);
  await app.register(formbody, { bodyLimit: limits.bodyLimitBytes });
  // Counted in the host database: shared by every host on a PostgreSQL store (docs/scaling.md).
  await app.register(rateLimit, {
    global: false,
    keyGenerator: rateLimitKey(deps.hostDb),
    store: hostDbRateLimitStore(deps.hostDb, Date.now),
  });
  installNoStore(app);

  installTokenScopes(app, deps.hostDb);
  const now = (): number => deps.now().getTime();
  const sessions = installSessions(
    app,
    deps.hostDb,
    { ...defaultSessionPolicy(production), ...deps.sessionPolicy },
    now,
    deps.cookieSecret,
  );
  const views = createViews(sessions, { development: !production });
  installAccessControl(
    app,
    (request) => resolvePrincipal(request, deps.hostDb),
    (_request, status, reason) =>
      httpProblem(status, status === 401 ? 'Sign in required' : 'Not allowed', reason, {
        tag: status === 401 ? 'Unauthenticated' : 'Forbidden',
      }),
  );

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    if (problem.statusCode === 429)
      void reply.header('retry-after', String(Number(problem.extra?.['retryAfterSeconds'] ?? 60)));
    // Busy (503): another process kept winning the race for this patient; try again shortly.
    if (problem.statusCode === 503 && problem.extra?.['retryAfterSeconds'] !== undefined)
      void reply.header('retry-after', String(Number(problem.extra['retryAfterSeconds'])));
    if (wantsJson(request)) {
      return reply
        .code(problem.statusCode)
        .type('application/problem+json')
        .send(problemBody(problem, request.routeOptions.url ?? 'unmatched'));
    }
    // A private page without a session (never signed in, signed out, or timed out): the
    // start page says why the visitor is there.
    if (problem.statusCode === 401) return reply.redirect('/?sign-in=needed');
    return views.page(request, reply.code(problem.statusCode), 'error.njk', { problem });
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = httpProblem(404, 'Page not found', 'There is nothing at this address.', {
      tag: 'NotFound',
    });
    return wantsJson(request)
      ? reply.code(404).type('application/problem+json').send(problemBody(problem, 'unmatched'))
      : views.page(request, reply.code(404), 'error.njk', { problem });
  });

  // nhsuk-frontend's CSS names its images under /assets/, so its assets folder is served there.
  serveFolder(app, '/nhsuk/', paths.nhsukDist);
  serveFolder(app, '/assets/', paths.nhsukAssets);
  serveFolder(app, '/static/', paths.publicFiles);
  const metrics = deps.metrics;
  if (metrics !== undefined) installMetrics(app, metrics, deps.hostDb);
  registerRoutes(app, {
    ...deps,
    ...(metrics === undefined
      ? {}
      : {
          consentry: instrumentedConsentry(deps.consentry, metrics),
          notifier: instrumentedSignInNotifier(deps.notifier, metrics),
        }),
    sessions,
    views,
    limits,
  });
  return app;
};

const wantsJson = (request: FastifyRequest): boolean => isJsonRoute(request.url);

/** Fastify's own errors (body too large, bad JSON, rate limit) become problems too. */
const toProblem = (error: unknown): HttpProblem => {
  if (isHttpProblem(error)) return error;
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  const status =
    typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600
      ? e.statusCode
      : 500;
  if (status === 413)
    return httpProblem(413, 'Request too large', 'The request body is too large.', {
      tag: 'PayloadTooLarge',
    });
  if (status === 429)
    return httpProblem(
      429,
      'Too many attempts',
      'Too many attempts. Wait a minute and try again.',
      {
        tag: 'RateLimited',
        extra: { retryAfterSeconds: 60 },
      },
    );
  if (status === 415)
    return httpProblem(415, 'Unsupported media type', 'Send application/json or a form.', {
      tag: 'UnsupportedMediaType',
    });
  if (status >= 400 && status < 500)
    return httpProblem(400, 'Bad request', 'The request could not be read.', {
      tag: 'InvalidInput',
      field: '(body)',
    });
  return httpProblem(
    500,
    'Something went wrong',
    'Something went wrong on our side. Try again later.',
    { tag: 'InternalError' },
  );
};
