import type { FastifyInstance } from 'fastify';
import { publicRoute } from '../security/access.js';
import type { RouteContext } from '../http/context.js';

/** Liveness, a cheap store round trip (reads one event from the log) and the host's mode. */
export const registerHealth = (app: FastifyInstance, ctx: RouteContext): void => {
  app.get('/health', { config: { access: publicRoute } }, async (_request, reply) => {
    const store = await ctx.consentry.organisations()();
    const healthy = store._tag === 'Right';
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? 'ok' : 'unavailable',
      store: healthy ? 'ok' : 'unavailable',
      mode: ctx.mode,
    });
  });
};
