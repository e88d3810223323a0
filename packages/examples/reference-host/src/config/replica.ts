import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { fail, isSet, variable, type ConfigError, type Env } from './variable.js';

const PostgresUrl = new t.Type<string, string, string>(
  'PostgresUrl',
  t.string.is,
  (s, c) => (/^postgres(ql)?:\/\/\S+$/.test(s) ? t.success(s) : t.failure(s, c)),
  String,
);

/**
 * CONSENTRY_STORE_REPLICA: a hot standby of the postgres CONSENTRY_STORE; API checks and
 * queries sent a commit token read there (docs/reference-host.md, "Read replicas").
 */
export const decodeReplica = (
  env: Env,
  store: { readonly kind: string },
): E.Either<ConfigError, string | undefined> =>
  !isSet(env, 'CONSENTRY_STORE_REPLICA')
    ? E.right(undefined)
    : store.kind !== 'postgres'
      ? fail(
          'CONSENTRY_STORE_REPLICA',
          'CONSENTRY_STORE_REPLICA needs a postgres:// CONSENTRY_STORE (it is its hot standby)',
        )
      : variable(
          env,
          'CONSENTRY_STORE_REPLICA',
          PostgresUrl,
          undefined,
          'a postgres:// URL of a hot standby of CONSENTRY_STORE',
        );
