import type * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

/** A bad variable: its name and what it should look like; never the value of a secret. */
export interface ConfigError {
  readonly _tag: 'ConfigError';
  readonly variable: string;
  readonly message: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const fail = (variable: string, message: string): E.Either<ConfigError, never> =>
  E.left({ _tag: 'ConfigError', variable, message });

export const isSet = (env: Env, name: string): boolean =>
  env[name] !== undefined && env[name] !== '';

/** Decodes one variable with a codec, defaulting when unset or empty. */
export const variable = <A>(
  env: Env,
  name: string,
  codec: t.Decoder<string, A>,
  fallback: string | undefined,
  expected: string,
): E.Either<ConfigError, A> => {
  const raw = isSet(env, name) ? env[name] : fallback;
  if (raw === undefined) return fail(name, `${name} is required: ${expected}`);
  return pipe(
    codec.decode(raw),
    E.mapLeft(() => ({
      _tag: 'ConfigError' as const,
      variable: name,
      message: `${name} must be ${expected}`,
    })),
  );
};
