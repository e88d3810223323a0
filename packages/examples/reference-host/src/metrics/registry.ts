import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The host's Prometheus metrics, on a registry of its own (not prom-client's global one, so
 * two apps in one test process do not share counts). Every label value comes from a closed
 * set the code names — a command, an error tag, a channel, a route pattern, a status — never
 * from a request: no NHS number, contact detail, code or id can reach a label.
 */
export interface HostMetrics {
  readonly registry: Registry;
  readonly commands: Counter<'command' | 'result'>;
  readonly commandSeconds: Histogram<'command'>;
  readonly queries: Counter<'query' | 'result'>;
  readonly decisions: Counter<'operation' | 'outcome'>;
  readonly codesIssued: Counter<'kind' | 'channel'>;
  readonly messages: Counter<'channel' | 'result'>;
  readonly reactorLag: Histogram;
  readonly storeAppendSeconds: Histogram;
  readonly storeReadSeconds: Histogram<'operation'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpSeconds: Histogram<'method' | 'route'>;
}

const FAST = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** A fresh set of metrics; `defaults` adds prom-client's process metrics (CPU, memory, event loop). */
export const hostMetrics = (options: { readonly defaults?: boolean } = {}): HostMetrics => {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    commands: new Counter({
      name: 'consentry_commands_total',
      help: 'Facade commands by name and result (ok, or the error tag)',
      labelNames: ['command', 'result'],
      registers,
    }),
    commandSeconds: new Histogram({
      name: 'consentry_command_duration_seconds',
      help: 'Time a facade command took, notification delivery included',
      labelNames: ['command'],
      buckets: FAST,
      registers,
    }),
    queries: new Counter({
      name: 'consentry_queries_total',
      help: 'Facade queries by name and result (ok, or the error tag)',
      labelNames: ['query', 'result'],
      registers,
    }),
    decisions: new Counter({
      name: 'consentry_decisions_total',
      help: 'Access decisions by the operation that made them and their outcome',
      labelNames: ['operation', 'outcome'],
      registers,
    }),
    codesIssued: new Counter({
      name: 'consentry_codes_issued_total',
      help: 'Verification codes issued or resent (as recorded in the log), and patient sign-in codes, by channel',
      labelNames: ['kind', 'channel'],
      registers,
    }),
    messages: new Counter({
      name: 'consentry_messages_total',
      help: 'Messages to patients by channel and result (sent, failed), as the notification reactor records them',
      labelNames: ['channel', 'result'],
      registers,
    }),
    reactorLag: new Histogram({
      name: 'consentry_notification_lag_seconds',
      help: 'From an event being appended to the notification reactor recording what it sent for it',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    storeAppendSeconds: new Histogram({
      name: 'consentry_store_append_duration_seconds',
      help: 'Event store appendToStream latency',
      buckets: FAST,
      registers,
    }),
    storeReadSeconds: new Histogram({
      name: 'consentry_store_read_duration_seconds',
      help: 'Event store read latency by operation (readStream, aggregateStream, readAll)',
      labelNames: ['operation'],
      buckets: FAST,
      registers,
    }),
    httpRequests: new Counter({
      name: 'consentry_http_requests_total',
      help: 'HTTP answers by method, route pattern (never the URL) and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpSeconds: new Histogram({
      name: 'consentry_http_request_duration_seconds',
      help: 'HTTP answer time by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: FAST,
      registers,
    }),
  };
};
