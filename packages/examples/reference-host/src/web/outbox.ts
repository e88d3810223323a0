import type { FastifyInstance } from 'fastify';
import type { CapturingNotifier } from '@consentry/core/testing';
import { publicRoute } from '../security/access.js';
import type { RouteContext } from '../routes.js';

/**
 * Development only (registered only when CONSENTRY_MODE=development and the dev notifier is
 * in use): the messages a real notifier would have sent, newest first, so codes can be read.
 */
export const registerOutbox = (
  app: FastifyInstance,
  ctx: RouteContext,
  outbox: CapturingNotifier,
): void => {
  app.get('/dev/outbox', { config: { access: publicRoute } }, (request, reply) =>
    ctx.views.page(request, reply.header('cache-control', 'no-store'), 'outbox.njk', {
      messages: [...outbox.sent()]
        .reverse()
        .map((m) => ({ ...m, code: m.personalisation['code'] })),
    }),
  );
};
