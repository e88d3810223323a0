import type { FastifyInstance } from 'fastify';

const STATIC_PREFIXES = ['/nhsuk/', '/assets/', '/static/'];

/**
 * `Cache-Control: no-store` on every answer but the design system's static files: pages and
 * API answers carry patients' names, choices and access history, which must not be kept by
 * the browser (a shared ward computer's back button) or any cache on the way.
 */
export const installNoStore = (app: FastifyInstance): void => {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!STATIC_PREFIXES.some((prefix) => request.url.startsWith(prefix)))
      void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
};
