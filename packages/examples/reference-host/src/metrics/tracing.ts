import { SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';

/**
 * The host's OpenTelemetry tracer. Through `@opentelemetry/api` only: with no SDK registered
 * by the embedding every span is a no-op, so tracing costs nothing until someone wants it.
 * Span names and attributes come from closed sets (an operation, a result tag, a stream
 * category), never from a request: no NHS number, contact detail, code or id.
 */
export const tracer = (): Tracer => trace.getTracer('@consentry/reference-host', '0.1.0');

/** Runs `work` in a span that ends when it settles, marked as an error when `failed` says so. */
export const inSpan = async <A>(
  name: string,
  attributes: Readonly<Record<string, string>>,
  work: (span: Span) => Promise<A>,
): Promise<A> =>
  tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'threw' });
      throw error;
    } finally {
      span.end();
    }
  });

export const markFailed = (span: Span, tag: string): void => {
  span.setStatus({ code: SpanStatusCode.ERROR, message: tag });
};
