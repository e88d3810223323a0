import { createRequire } from 'node:module';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/** The security headers of every answer: one policy for pages and JSON alike. */
export const helmetOptions = (production: boolean): FastifyHelmetOptions => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
      ...(production ? { upgradeInsecureRequests: [] } : {}),
    },
  },
  hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  referrerPolicy: { policy: 'no-referrer' },
});

/** JSON answers: the API and the health check. They hold no markup, so no CSP nonce. */
export const isJsonRoute = (url: string): boolean => url.startsWith('/api/') || url === '/health';

type HelmetEngine = (
  options: object,
) => (req: unknown, res: HeaderSink, next: (error?: unknown) => void) => void;
interface HeaderSink {
  setHeader(name: string, value: string): void;
  removeHeader(name: string): void;
}

/**
 * The headers helmet writes for these options, computed once. @fastify/helmet builds a new
 * helmet middleware, re-parses the CSP and draws two random nonces on every request; for
 * a JSON answer the headers never vary, so they are worked out at start-up by the same
 * engine (helmet itself, @fastify/helmet's own dependency) and copied onto each answer.
 */
const fixedHeaders = (options: object): Readonly<Record<string, string>> => {
  const fromPlugin = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'));
  const engine = fromPlugin('helmet') as HelmetEngine;
  const headers: Record<string, string> = {};
  const sink: HeaderSink = {
    setHeader: (name, value) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name) => void delete headers[name.toLowerCase()],
  };
  engine(options)({}, sink, (error) => {
    // helmet 8 throws a bad option itself; older versions passed it here.
    if (error !== undefined) throw new Error('helmet refused its options', { cause: error });
  });
  return headers;
};

/**
 * Pages get @fastify/helmet with per-request CSP nonces (their inline scripts and styles
 * need them); JSON routes skip it and get the same policy's headers precomputed, without
 * nonces (a nonce only ever widens a policy). Must run before routes are added.
 */
export const installSecurityHeaders = async (
  app: FastifyInstance,
  production: boolean,
): Promise<void> => {
  const options = helmetOptions(production);
  const json = fixedHeaders(options);
  const setJsonHeaders: onRequestHookHandler = (_request, reply, done) => {
    void reply.headers(json);
    done();
  };
  // Added before helmet's own onRoute hook, so helmet sees `helmet: false` on these routes.
  app.addHook('onRoute', (route) => {
    if (!isJsonRoute(route.url)) return;
    route.helmet = false;
    const existing = route.onRequest;
    route.onRequest = [
      setJsonHeaders,
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
    ];
  });
  await app.register(helmet, { ...options, enableCSPNonces: true });
};
