import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import * as E from 'fp-ts/lib/Either.js';
import type { Consentry } from './api.js';

type AnyTask = () => Promise<E.Either<unknown, unknown>>;
type AnyOperation = (...args: unknown[]) => AnyTask;

const tagOf = (error: unknown): string =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { _tag?: unknown })._tag === 'string'
    ? (error as { _tag: string })._tag
    : 'unknown';

/** The access decision a result carries, or a refusal (`viewRecord`'s `NotPermitted`). */
const decisionOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const direct = (value as { outcome?: unknown }).outcome;
  if (typeof direct === 'string') return direct;
  const nested = (value as { decision?: { outcome?: unknown } }).decision?.outcome;
  return typeof nested === 'string' ? nested : undefined;
};

/** A facade call's result as a closed label: `ok` or the error's tag, and the decision's outcome if any. */
export const describeResult = (
  result: E.Either<unknown, unknown>,
): { readonly result: string; readonly decision?: string } => {
  const decision = decisionOf(E.isRight(result) ? result.right : result.left);
  const outcome = E.isRight(result) ? 'ok' : tagOf(result.left);
  return decision === undefined ? { result: outcome } : { result: outcome, decision };
};

/**
 * Every facade call in an OpenTelemetry span (`consentry.command requestAccess`,
 * `consentry.query checkAccess`), through `@opentelemetry/api` alone: until the embedding
 * registers an SDK the tracer is a no-op. Attributes come from closed sets only (the
 * operation's name, the result's error tag, the decision's outcome), never from the input:
 * no NHS number, contact detail, code or id is ever put on a span. A command is a call with a
 * context (who acts); a query has none.
 */
export const traced = (consentry: Consentry): Consentry => {
  const tracer = trace.getTracer('@consentry/core');
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(consentry)) {
    const operation = member as AnyOperation;
    wrapped[name] = (...args: unknown[]): AnyTask => {
      const task = operation(...args);
      const kind = args.length >= 2 && args[1] !== undefined ? 'command' : 'query';
      return () => {
        const span = tracer.startSpan(`consentry.${kind} ${name}`, {
          attributes: { 'consentry.operation': name },
        });
        // Nothing records it (no SDK, or sampled out): the call runs as it is, without the
        // context switch and the extra promise around it.
        if (!span.isRecording()) return task();
        return context.with(trace.setSpan(context.active(), span), async () => {
          try {
            const result = await task();
            const outcome = E.isRight(result) ? 'ok' : tagOf(result.left);
            span.setAttribute('consentry.result', outcome);
            if (E.isLeft(result)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
            const decided = decisionOf(E.isRight(result) ? result.right : result.left);
            if (decided !== undefined) span.setAttribute('consentry.decision', decided);
            return result;
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'threw' });
            throw error;
          } finally {
            span.end();
          }
        });
      };
    };
  }
  return wrapped as unknown as Consentry;
};
