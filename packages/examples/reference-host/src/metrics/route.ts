import type { FastifyInstance } from 'fastify';
import type { HostDb } from '../host/hostDb.js';
import { publicRoute } from '../security/access.js';
import { httpProblem } from '../host/problem.js';
import { bearerTokenOf, requireScope } from '../security/tokenScopes.js';
import type { HostMetrics } from './registry.js';
import { installHttpSpans } from './httpSpans.js';

/**
 * Counts (and traces: httpSpans.ts) every answer by route pattern and status, and serves `/metrics` to a bearer token
 * with the `metrics` scope only (`consentry tokens create --scope metrics`): the counts
 * describe patients' activity, so they are not for the public, nor for a signed-in browser.
 */
export const installMetrics = (app: FastifyInstance, metrics: HostMetrics, db: HostDb): void => {
  installHttpSpans(app);
  app.addHook('onResponse', (request, reply, done) => {
    // The pattern (`/api/v1/patients/:nhsNumber`), never the URL, which can hold an NHS number.
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    metrics.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    metrics.httpSeconds.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { config: { access: publicRoute } }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const token = await bearerTokenOf(request, db);
    if (token === undefined) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw httpProblem(401, 'Sign in required', 'Send a token with the metrics scope.', {
        tag: 'Unauthenticated',
      });
    }
    requireScope(token, 'metrics');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
