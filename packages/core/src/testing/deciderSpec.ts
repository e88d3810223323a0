import { deepStrictEqual } from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type { Decider } from '../shared/decider.js';

export interface DeciderThen<Ev, Err> {
  /** The command produced exactly these events. */
  then(expected: readonly Ev[]): void;
  /** The command was refused; every field given must match the error. */
  thenFails(expected?: Partial<Err>): void;
  /** The result, for checks the two above do not cover. */
  readonly result: E.Either<Err, readonly Ev[]>;
}

/**
 * Given / when / then for a decider (CONVENTIONS "Tests"): past events are folded with
 * `evolve`, the command goes to `decide`. Uses node:assert, so it works under any runner.
 *
 *     deciderSpec(careDecider).given([started]).when(endCare).then([ended]);
 */
export const deciderSpec = <C, Ev, S, Err>(decider: Decider<C, Ev, S, Err>) => ({
  given: (events: readonly Ev[]) => ({
    when: (command: C): DeciderThen<Ev, Err> => {
      const state = events.reduce(decider.evolve, decider.initialState());
      const result = decider.decide(command, state);
      return {
        result,
        then: (expected) => {
          if (E.isLeft(result))
            throw new Error(
              `expected events, but the command failed: ${JSON.stringify(result.left)}`,
            );
          deepStrictEqual(result.right, expected);
        },
        thenFails: (expected) => {
          if (E.isRight(result))
            throw new Error(`expected a failure, but got events: ${JSON.stringify(result.right)}`);
          for (const [key, value] of Object.entries(expected ?? {})) {
            deepStrictEqual(
              (result.left as Record<string, unknown>)[key],
              value,
              `error field ${key}`,
            );
          }
        },
      };
    },
  }),
});
