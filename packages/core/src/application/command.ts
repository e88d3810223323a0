import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { decodeWith } from '../shared/decodeInput.js';
import { invalidInput, type ConsentryError } from '../shared/errors.js';
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
      (ctx) => ({ ...ctx, correlationId: ctx.correlationId ?? rt.ids.next() }),
    ),
  );

/** `{ mobile: undefined }` means "not given", as if the key were absent (callers spread optional values). */
const withoutUndefined = <A>(input: A): A =>
  typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as A)
    : input;

/** Decodes input and context first: bad input is `InvalidInput` naming the field, and nothing runs. */
export const command =
  <C extends t.Mixed, A>(
    rt: Runtime,
    codec: C,
    handler: (input: t.TypeOf<C>, ctx: Ctx) => TE.TaskEither<ConsentryError, A>,
  ) =>
  (input: t.OutputOf<C>, context: CommandContext): TE.TaskEither<ConsentryError, A> =>
    pipe(
      TE.fromEither(decodeContext(rt, context)),
      TE.flatMap((ctx) =>
        pipe(
          TE.fromEither(pipe(decodeWith(codec)(withoutUndefined(input)), E.mapLeft(invalidInput))),
          TE.flatMap((decoded: t.TypeOf<C>) => handler(decoded, ctx)),
        ),
      ),
      TE.flatMap((result) => withCommitToken(rt, result)),
    );

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
      return E.right({ ...value, receipt: { ...receipt, commitToken: token.right } } as A);
    return 'correlationId' in value && 'appended' in value
      ? E.right({ ...value, commitToken: token.right } as A)
      : E.right(result);
  };

/** Queries decode their input the same way. */
export const query =
  <C extends t.Mixed, A>(
    codec: C,
    handler: (input: t.TypeOf<C>) => TE.TaskEither<ConsentryError, A>,
  ) =>
  (input: t.OutputOf<C>): TE.TaskEither<ConsentryError, A> =>
    pipe(
      TE.fromEither(pipe(decodeWith(codec)(withoutUndefined(input)), E.mapLeft(invalidInput))),
      TE.flatMap(handler),
    );
