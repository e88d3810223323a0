import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

/** JSON that survives bigints (stream versions, positions) and cycles, for a failure message. */
const show = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? '';
  } catch {
    return String(value);
  }
};

/** `ConcurrencyConflict: stream moved on {…}` for a tagged error, the JSON for anything else. */
const describeError = (error: unknown): string => {
  if (typeof error === 'object' && error !== null && '_tag' in error) {
    const { _tag, message } = error as { _tag: unknown; message?: unknown };
    const text = typeof message === 'string' ? `: ${message}` : '';
    return `${String(_tag)}${text} ${show(error)}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : show(error);
};

// A plain Error (no jest API, and not node:assert's class, which is not an `Error` in jest's
// realm), so it fails a jest test, a node:test case or a script alike; named and coded as
// node:assert's, so a contract check still rejects with `code: 'ERR_ASSERTION'`.
const failWith = (what: string | undefined, message: string): never => {
  const error = new Error(what === undefined ? message : `${what}: ${message}`);
  error.name = 'AssertionError';
  throw Object.assign(error, { code: 'ERR_ASSERTION' });
};

const right = <L, A>(result: E.Either<L, A>, what?: string): A =>
  E.isRight(result)
    ? result.right
    : failWith(what, `expected Right, got Left ${describeError(result.left)}`);

const left = <L, A>(result: E.Either<L, A>, what?: string): L =>
  E.isLeft(result) ? result.left : failWith(what, `expected Left, got Right ${show(result.right)}`);

/**
 * The value of a successful `Either`, or of a `TaskEither` once run (then a promise). Fails
 * with the error's `_tag` and `message` otherwise. `what` names the step in the message.
 */
export function expectRight<L, A>(result: E.Either<L, A>, what?: string): A;
export function expectRight<L, A>(task: TE.TaskEither<L, A>, what?: string): Promise<A>;
export function expectRight<L, A>(
  either: E.Either<L, A> | TE.TaskEither<L, A>,
  what?: string,
): A | Promise<A> {
  return typeof either === 'function'
    ? either().then((result) => right(result, what))
    : right(either, what);
}

/**
 * The error of a failed `Either`, or of a `TaskEither` once run (then a promise). Fails when
 * it succeeded, showing the value it returned.
 */
export function expectLeft<L, A>(result: E.Either<L, A>, what?: string): L;
export function expectLeft<L, A>(task: TE.TaskEither<L, A>, what?: string): Promise<L>;
export function expectLeft<L, A>(
  either: E.Either<L, A> | TE.TaskEither<L, A>,
  what?: string,
): L | Promise<L> {
  return typeof either === 'function'
    ? either().then((result) => left(result, what))
    : left(either, what);
}
