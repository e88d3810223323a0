import * as E from 'fp-ts/lib/Either.js';
import { describeResult, type Consentry } from '@consentry/core';
import type { HostMetrics } from './registry.js';

type AnyTask = () => Promise<E.Either<unknown, unknown>>;
type AnyOperation = (...args: unknown[]) => AnyTask;

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
        const { result: outcome, decision } = describeResult(result);
        if (isCommand) metrics.commands.inc({ command: name, result: outcome });
        else metrics.queries.inc({ query: name, result: outcome });
        if (decision !== undefined) metrics.decisions.inc({ operation: name, outcome: decision });
        return result;
      };
    };
  }
  return wrapped as unknown as Consentry;
};
