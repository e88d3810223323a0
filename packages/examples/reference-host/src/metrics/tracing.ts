import { context, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';

/**
 * The host's OpenTelemetry tracer. Through `@opentelemetry/api` only: with no SDK registered
 * by the embedding every span is a no-op, so tracing costs nothing until someone wants it.
 * Span names and attributes come from closed sets (an operation, a result tag, a stream
 * category), never from a request: no NHS number, contact detail, code or id.
 */
export const tracer = (): Tracer => trace.getTracer('@consentry/reference-host', '0.1.0');

/**
 * Runs `work` in a span that ends when it settles, marked as an error when `failed` says so.
 * A span that records nothing (no SDK registered, or sampled out) is not made the active one
 * and `work` runs as it is: the store's reads call this several times a request, and the
 * context switch and extra promise cost more than the read of a stream with nothing new.
 */
export const inSpan = <A>(
  name: string,
  attributes: Readonly<Record<string, string>>,
  work: (span: Span) => Promise<A>,
): Promise<A> => {
  const span = tracer().startSpan(name, { attributes });
  if (!span.isRecording()) return work(span);
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'threw' });
      throw error;
    } finally {
      span.end();
    }
  });
};

export const markFailed = (span: Span, tag: string): void => {
  span.setStatus({ code: SpanStatusCode.ERROR, message: tag });
};
