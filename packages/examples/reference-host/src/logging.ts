import pino, { type DestinationStream, type Logger } from 'pino';
import type { FastifyRequest, FastifyReply } from 'fastify';
import type { Mode } from './config/config.js';

// Whatever slips through the field redaction below is caught by shape: an e-mail address,
// a UK mobile, a 6-digit code or a 10-digit NHS number never reaches the log output.
const PATTERNS: readonly [RegExp, string][] = [
  [/[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g, '[email]'],
  [/(?:\+44\s?7|\b07)\d{3}\s?\d{6}\b/g, '[phone]'],
  [/(?<![\d.-])\d{10}(?![\d.-])/g, '[nhs-number]'],
  [/(?<![\d.:-])\d{6}(?![\d.:-])/g, '[digits]'],
];

export const scrub = (text: string): string =>
  PATTERNS.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);

const scrubDeep = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1));
  // Requests, replies and errors keep their class: their serializers pick the safe fields.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
};

/** Requests are logged by route pattern, never by URL: paths and query strings can hold an NHS number. */
const serializers = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    route: request.routeOptions?.url ?? 'unmatched',
    id: request.id,
  }),
  res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
  err: (error: Error & { code?: string; statusCode?: number }) => ({
    type: error.name,
    code: error.code,
    statusCode: error.statusCode,
    message: scrub(error.message),
  }),
};

/**
 * The host's structured logger; tests pass a destination to read what was logged. With a
 * mode, every line names it, so even the first line a raised log level lets through says it.
 */
export const createLogger = (level: string, destination?: DestinationStream, mode?: Mode): Logger =>
  pino(
    {
      level,
      base: mode === undefined ? { service: 'consentry' } : { service: 'consentry', mode },
      serializers,
      redact: {
        paths: [
          'req.headers',
          'req.body',
          'req.query',
          'body',
          'query',
          'headers',
          '*.password',
          '*.code',
        ],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, scrubDeep(args) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );

/** The first line a starting host logs: which mode, and what that means for the codes it sends. */
export const logStart = (
  logger: Logger,
  config: { readonly mode: Mode; readonly host: string; readonly port: number },
): void => {
  // The mode is in the message as well as in the logger's bindings (createLogger's `mode`).
  const where = { host: config.host, port: config.port };
  if (config.mode === 'production') logger.info(where, 'starting in production mode');
  else
    logger.warn(
      where,
      'starting in development mode: every code sent is shown at /dev/outbox; never use with real patients',
    );
};
