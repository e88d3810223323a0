import type { FastifyInstance } from 'fastify';
import type { CapturingNotifier } from '@consentry/core/testing';
import { publicRoute } from '../security/access.js';
import type { RouteContext } from '../http/context.js';

/**
 * Development only (registered only in development mode with the dev notifier): the messages
 * a real notifier would have sent, newest first, so codes can be read. It is public: behind a
 * reverse proxy every client looks local, so only the mode and the loopback-only listening
 * address of a development host (config.ts) keep it from strangers.
 */
export const registerOutbox = (
  app: FastifyInstance,
  ctx: RouteContext,
  outbox: CapturingNotifier,
): void => {
  if (ctx.mode !== 'development')
    throw new Error('the development outbox must never be registered outside development mode');
  app.get('/dev/outbox', { config: { access: publicRoute } }, (request, reply) =>
    ctx.views.page(request, reply.header('cache-control', 'no-store'), 'outbox.njk', {
      messages: [...outbox.sent()]
        .reverse()
        .map((m) => ({ ...m, code: m.personalisation['code'] })),
    }),
  );
};
