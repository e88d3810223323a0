import * as E from 'fp-ts/lib/Either.js';
import type { Consentry } from '@consentry/core';
import type { HostMetrics } from './registry.js';

type AnyTask = () => Promise<E.Either<unknown, unknown>>;
type AnyOperation = (...args: unknown[]) => AnyTask;

const tagOf = (error: unknown): string =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { _tag?: unknown })._tag === 'string'
    ? (error as { _tag: string })._tag
    : 'unknown';

/** An access decision carried by a result or by a refusal (`viewRecord`'s `NotPermitted`). */
const outcomeOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const direct = (value as { outcome?: unknown }).outcome;
  if (typeof direct === 'string') return direct;
  const nested = (value as { decision?: { outcome?: unknown } }).decision?.outcome;
  return typeof nested === 'string' ? nested : undefined;
};

/**
 * The facade, counted: each command by name and result (`ok` or the error's tag) with its
 * time, each query likewise, and every access decision by outcome. A command is a call with
 * a context (who acts); a query has none. Results pass through unchanged. Core traces each
 * call itself (`consentry.command requestAccess`, `@consentry/core`'s tracer).
 */
export const instrumentedConsentry = (consentry: Consentry, metrics: HostMetrics): Consentry => {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(consentry)) {
    if (typeof member !== 'function') {
      wrapped[name] = member;
      continue;
    }
    const operation = member as AnyOperation;
    wrapped[name] = (...args: unknown[]): AnyTask => {
      const task = operation(...args);
      const isCommand = args.length >= 2 && args[1] !== undefined;
      return async () => {
        const stopTimer = isCommand ? metrics.commandSeconds.startTimer({ command: name }) : null;
        const result = await task();
        stopTimer?.();
        const outcome = E.isRight(result) ? 'ok' : tagOf(result.left);
        if (isCommand) metrics.commands.inc({ command: name, result: outcome });
        else metrics.queries.inc({ query: name, result: outcome });
        const decided = outcomeOf(E.isRight(result) ? result.right : result.left);
        if (decided !== undefined) metrics.decisions.inc({ operation: name, outcome: decided });
        return result;
      };
    };
  }
  return wrapped as unknown as Consentry;
};
