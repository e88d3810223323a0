import type { FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit';
import type { HostDb } from '../host/hostDb.js';

type Incr = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * The rate limiter's counts in the host database instead of each process's memory: with a
 * PostgreSQL store every host counts into the same row, so a client cannot multiply its
 * budget by the number of hosts behind the load balancer. A fixed window per route and key
 * (address or token id), counted in one atomic statement.
 */
export const hostDbRateLimitStore = (db: HostDb, now: () => number): FastifyRateLimitStoreCtor => {
  class HostDbStore {
    constructor(
      _options: unknown,
      private readonly route: string = '',
    ) {}

    incr(key: string, callback: Incr, timeWindow: number): void {
      const t = now();
      db.hitRateLimit(`${this.route} ${key}`, t, timeWindow).then(
        ({ count, resetAt }) => callback(null, { current: count, ttl: Math.max(0, resetAt - t) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(options: RateLimitOptions & { routeInfo?: { method?: unknown; url?: unknown } }) {
      const { method, url } = options.routeInfo ?? {};
      return new HostDbStore(options, `${String(method)} ${String(url)}`);
    }
  }
  return HostDbStore as unknown as FastifyRateLimitStoreCtor;
};
