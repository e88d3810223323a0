import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import { isConflict } from '../streams/load.js';

const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a read–decide–append attempt again when its append lost a version race: each
 * attempt re-reads current state, so no decision is ever appended on a stale read.
 */
export const retryOnConflict =
  <A>(
    maxRetries: number,
    attempt: () => TE.TaskEither<ConsentryError, A>,
  ): TE.TaskEither<ConsentryError, A> =>
  async () => {
    for (let tries = 0; ; tries += 1) {
      const result = await attempt()();
      if (E.isRight(result) || !isConflict(result.left)) return result;
      if (tries >= maxRetries) {
        return E.left(
          consentryError('Busy', {
            message: `Gave up after ${tries + 1} attempts: the record kept changing`,
          }),
        );
      }
      await yieldToOthers();
    }
  };
