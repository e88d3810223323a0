import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tracer } from './tracing.js';

/**
 * A server span per HTTP request, named and labelled by the route pattern
 * (`POST /api/v1/patients/:nhsNumber/care-relationship`), never the URL, which can hold an
 * NHS number. The span is made the active one before the handler runs, so with an SDK's
 * context manager the facade's and the store's spans become its children.
 */
export const installHttpSpans = (app: FastifyInstance): void => {
  const spans = new WeakMap<FastifyRequest, Span>();
  const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

  app.addHook('onRequest', (request, _reply, done) => {
    spans.set(
      request,
      tracer().startSpan(`${request.method} ${routeOf(request)}`, {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': routeOf(request) },
      }),
    );
    done();
  });
  // After the body is read: what the handler awaits keeps this context.
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (span === undefined) return done();
    context.with(trace.setSpan(context.active(), span), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span !== undefined) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      spans.delete(request);
    }
    done();
  });
};
