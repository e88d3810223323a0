import type { FastifyInstance } from 'fastify';
import { publicRoute } from '../security/access.js';
import type { RouteContext } from '../http/context.js';
import { registerRoute, type ApiRoute } from './define.js';
import { openApiDocument } from './openapi.js';
import { accessRequestRoutes } from './routes/accessRequests.js';
import { endNoticeRoutes } from './routes/endNotices.js';
import { moveRoutes } from './routes/moves.js';
import { organisationRoutes } from './routes/organisations.js';
import { patientRoutes } from './routes/patients.js';
import { personalDataRoutes } from './routes/personalData.js';
import { proxyRoutes } from './routes/proxies.js';
import { recordRoutes } from './routes/record.js';
import { sharingRoutes } from './routes/sharing.js';

/** Every API operation, in one table: registered as routes and described by OpenAPI. */
export const apiRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  ...accessRequestRoutes(ctx),
  ...patientRoutes(ctx),
  ...moveRoutes(ctx),
  ...personalDataRoutes(ctx),
  ...sharingRoutes(ctx),
  ...recordRoutes(ctx),
  ...proxyRoutes(ctx),
  ...endNoticeRoutes(ctx),
  ...organisationRoutes(ctx),
];

export const registerApi = (app: FastifyInstance, ctx: RouteContext): void => {
  const routes = apiRoutes(ctx);
  for (const definition of routes) registerRoute(app, ctx, definition);
  const document = openApiDocument(routes);
  app.get('/api/v1/openapi.json', { config: { access: publicRoute } }, (_request, reply) =>
    reply.send(document),
  );
};
