import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { decodeWith } from '../shared/decodeInput.js';
import { invalidInput, type ConsentryError } from '../shared/errors.js';
import { withKeys } from '../shared/withKeys.js';
import { CommandContext } from './inputs.js';
import type { Ctx, Runtime } from './runtime.js';

const decodeContext = (rt: Runtime, context: unknown): E.Either<ConsentryError, Ctx> =>
  pipe(
    decodeWith(CommandContext)(context),
    E.bimap(
      (problems) =>
        invalidInput(
          problems.map((p) => ({ field: `context.${p.field}`, message: `context.${p.message}` })),
        ),
      (ctx) => withKeys(ctx, { correlationId: ctx.correlationId ?? rt.ids.next() }),
    ),
  );

/**
 * `{ mobile: undefined }` means "not given", as if the key were absent (callers spread optional
 * values). A copy of the own enumerable keys with a value, in their order.
 */
const withoutUndefined = <A>(input: A): A => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const given = input as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(given)) if (given[key] !== undefined) copy[key] = given[key];
  return copy as A;
};

/** The input decoded, or `InvalidInput` naming each bad field. */
const decodeInput = <C extends t.Mixed>(
  codec: C,
  input: t.OutputOf<C>,
): E.Either<ConsentryError, t.TypeOf<C>> => {
  const decoded = decodeWith(codec)(withoutUndefined(input));
  return E.isLeft(decoded) ? E.left(invalidInput(decoded.left)) : decoded;
};

/**
 * Decodes input and context first: bad input is `InvalidInput` naming the field, and nothing
 * runs. One async step rather than a pipe of combinators: every facade call runs it, and each
 * fp-ts step added promise hops and closures (docs/performance.md, "The cost of one request").
 */
export const command =
  <C extends t.Mixed, A>(
    rt: Runtime,
    codec: C,
    handler: (input: t.TypeOf<C>, ctx: Ctx) => TE.TaskEither<ConsentryError, A>,
  ) =>
  (input: t.OutputOf<C>, context: CommandContext): TE.TaskEither<ConsentryError, A> => {
    // Decoded when the call is made (a generated correlation id is the same on every run).
    const ctx = decodeContext(rt, context);
    return async () => {
      if (E.isLeft(ctx)) return ctx;
      const decoded = decodeInput(codec, input);
      if (E.isLeft(decoded)) return decoded;
      const result = await handler(decoded.right, ctx.right)();
      return E.isLeft(result) ? result : withCommitToken(rt, result.right)();
    };
  };

/**
 * The receipt (the result itself, or its `receipt`) given the store's commit token, read
 * after the command's events were written (`ConsentryDeps.commitToken`). A token that cannot
 * be read is left out: the command happened, and a read without a token goes to the primary.
 */
const withCommitToken =
  <A>(rt: Runtime, result: A): TE.TaskEither<ConsentryError, A> =>
  async () => {
    if (rt.commitToken === undefined || typeof result !== 'object' || result === null)
      return E.right(result);
    const token = await rt.commitToken();
    if (E.isLeft(token)) return E.right(result);
    const value = result as Record<string, unknown>;
    const receipt = value['receipt'];
    if (typeof receipt === 'object' && receipt !== null)
      return E.right(
        withKeys(value, { receipt: withKeys(receipt, { commitToken: token.right }) }) as A,
      );
    return 'correlationId' in value && 'appended' in value
      ? E.right(withKeys(value, { commitToken: token.right }) as A)
      : E.right(result);
  };

/** Queries decode their input the same way. */
export const query =
  <C extends t.Mixed, A>(
    codec: C,
    handler: (input: t.TypeOf<C>) => TE.TaskEither<ConsentryError, A>,
  ) =>
  (input: t.OutputOf<C>): TE.TaskEither<ConsentryError, A> =>
  async () => {
    const decoded = decodeInput(codec, input);
    return E.isLeft(decoded) ? decoded : handler(decoded.right)();
  };
