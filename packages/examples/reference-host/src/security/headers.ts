import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyReply {
    /** This page's CSP nonces (null on JSON answers, which carry no markup). */
    cspNonce: { script: string; style: string };
  }
}

interface Nonces {
  readonly script: string;
  readonly style: string;
}
type Directive = string | ((req: IncomingMessage, res: ServerResponse) => string);
type Middleware = (
  req: IncomingMessage,
  res: ServerResponse | HeaderSink,
  next: (error?: unknown) => void,
) => void;
interface HeaderSink {
  setHeader(name: string, value: string): void;
  removeHeader(name: string): void;
}

/**
 * helmet itself, the engine of @fastify/helmet (this package's declared dependency for
 * security headers). The plugin builds a new helmet middleware, re-parsing the whole
 * policy, on every request (~0.5 ms of CPU here); helmet is meant to be built once.
 */
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))(
  'helmet',
) as (options: object) => Middleware;

/** The one policy of every answer; `nonce` adds the page's nonces to script-src and style-src. */
const helmetOptions = (production: boolean, nonce?: (kind: keyof Nonces) => Directive) => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...(nonce ? [nonce('script')] : [])],
      styleSrc: ["'self'", ...(nonce ? [nonce('style')] : [])],
      imgSrc: ["'self'", 'data:'],
      // nhsuk-frontend's CSS loads the NHS font (Frutiger) from its own origin.
      fontSrc: ["'self'", 'https://assets.nhs.uk'],
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

/** Answers for machines: the API, the health check and the metrics (errors as problem+json). */
export const isJsonRoute = (url: string): boolean =>
  url.startsWith('/api/') || url === '/health' || url === '/metrics' || url.startsWith('/metrics?');

/** The headers a middleware writes when nothing in them varies: worked out once. */
const fixedHeaders = (middleware: Middleware): Readonly<Record<string, string>> => {
  const headers: Record<string, string> = {};
  const sink: HeaderSink = {
    setHeader: (name, value) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name) => void delete headers[name.toLowerCase()],
  };
  middleware({} as IncomingMessage, sink, (error) => {
    // helmet 8 throws a bad option itself; older versions passed it here.
    if (error !== undefined) throw new Error('helmet refused its options', { cause: error });
  });
  return headers;
};

/**
 * Security headers on every answer, from one helmet middleware built at start-up. Pages
 * get two fresh CSP nonces each (their inline script and style carry them); JSON answers,
 * which hold no markup, get the same policy without nonces (a nonce only ever widens a
 * policy), precomputed once.
 */
export const installSecurityHeaders = (app: FastifyInstance, production: boolean): void => {
  const noncesOf = new WeakMap<ServerResponse, Nonces>();
  const nonce =
    (kind: keyof Nonces): Directive =>
    (_req, res) =>
      `'nonce-${noncesOf.get(res)?.[kind] ?? ''}'`;
  const forPages = helmet(helmetOptions(production, nonce));
  const forJson = fixedHeaders(helmet(helmetOptions(production)));
  app.decorateReply('cspNonce', null as unknown as Nonces);
  app.addHook('onRequest', (request, reply, done) => {
    if (isJsonRoute(request.url)) {
      void reply.headers(forJson);
      return done();
    }
    const nonces = {
      script: randomBytes(16).toString('hex'),
      style: randomBytes(16).toString('hex'),
    };
    reply.cspNonce = nonces;
    noncesOf.set(reply.raw, nonces);
    forPages(request.raw, reply.raw, (error) =>
      done(
        error === undefined ? undefined : new Error('security headers failed', { cause: error }),
      ),
    );
  });
};
