import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { fail, isSet, variable, type ConfigError, type Env } from './variable.js';

/** Production unless the operator chose development; see `decodeMode`. */
export type Mode = 'development' | 'production';

/** What the command line said beside the environment. */
export interface StartFlags {
  /** `serve --demo` or `consentry demo`: development, by the operator's explicit choice. */
  readonly demo?: '--demo' | 'demo';
  /** `serve --unsafe-dev-listen`: the same as CONSENTRY_UNSAFE_DEV_LISTEN=yes. */
  readonly unsafeDevListen?: boolean;
}

const ModeCodec = t.keyof({ development: null, production: null });
const Yes = t.keyof({ yes: null, no: null });

const nodeEnvIsProduction = (env: Env): boolean =>
  env['NODE_ENV']?.trim().toLowerCase() === 'production';

/**
 * CONSENTRY_MODE when set; else development only for the demo, else production. A deployment
 * that forgot a variable must not show codes: NODE_ENV=production always means production.
 */
export const decodeMode = (env: Env, flags: StartFlags): E.Either<ConfigError, Mode> => {
  const asked: E.Either<ConfigError, Mode | undefined> = isSet(env, 'CONSENTRY_MODE')
    ? variable(env, 'CONSENTRY_MODE', ModeCodec, undefined, 'development or production')
    : E.right(undefined);
  return pipe(
    asked,
    E.flatMap((mode): E.Either<ConfigError, Mode> => {
      if (flags.demo !== undefined && (mode === 'production' || nodeEnvIsProduction(env)))
        return fail(
          flags.demo,
          `${flags.demo} seeds known passwords and is refused when ${mode === 'production' ? 'CONSENTRY_MODE' : 'NODE_ENV'}=production`,
        );
      if (mode === 'development' && nodeEnvIsProduction(env))
        return fail(
          'CONSENTRY_MODE',
          'CONSENTRY_MODE=development is refused when NODE_ENV=production: NODE_ENV=production always means production mode',
        );
      return E.right(mode ?? (flags.demo === undefined ? 'production' : 'development'));
    }),
  );
};

/** 127.0.0.0/8, ::1 and `localhost`: addresses no other machine can reach. */
export const isLoopback = (host: string): boolean =>
  /^localhost$/i.test(host) ||
  /^(::ffff:)?127(\.\d{1,3}){3}$/i.test(host) ||
  /^(::1|0:0:0:0:0:0:0:1)$/.test(host);

/**
 * A development host shows every code it sends at /dev/outbox, so it listens only on loopback
 * unless the operator names the risk (behind a proxy every client looks local: the client's
 * address cannot protect the outbox, only the listening address can).
 */
export const checkListenAddress =
  (env: Env, flags: StartFlags) =>
  <C extends { readonly mode: Mode; readonly host: string }>(
    config: C,
  ): E.Either<ConfigError, C> => {
    if (config.mode === 'production' || isLoopback(config.host)) return E.right(config);
    return pipe(
      flags.unsafeDevListen === true
        ? E.right('yes' as const)
        : variable(env, 'CONSENTRY_UNSAFE_DEV_LISTEN', Yes, 'no', 'yes, or unset'),
      E.flatMap((unsafe) =>
        unsafe === 'yes'
          ? E.right(config)
          : fail(
              'CONSENTRY_HOST',
              `CONSENTRY_HOST=${config.host} is refused in development mode: a development host listens only on loopback (127.0.0.1, ::1, localhost) because /dev/outbox shows every code it sends. Set CONSENTRY_UNSAFE_DEV_LISTEN=yes (or --unsafe-dev-listen) to accept that, or run in production mode`,
            ),
      ),
    );
  };

/** What production needs said out loud: a default here would be a development setting. */
const REQUIRED_IN_PRODUCTION = [
  'CONSENTRY_NOTIFIER',
  'CONSENTRY_KEYRING',
  'CONSENTRY_AUDIT_KEY',
  'CONSENTRY_STORE',
] as const;

const whyProduction = (env: Env): string =>
  nodeEnvIsProduction(env)
    ? 'NODE_ENV=production'
    : isSet(env, 'CONSENTRY_MODE')
      ? 'CONSENTRY_MODE=production'
      : 'the default';

/** Production refuses every development fallback, naming all that is missing in one line. */
export const checkProductionSettings =
  (env: Env) =>
  <C extends { readonly mode: Mode; readonly notifier: { readonly kind: string } }>(
    config: C,
  ): E.Either<ConfigError, C> => {
    if (config.mode !== 'production') return E.right(config);
    if (config.notifier.kind === 'dev' && isSet(env, 'CONSENTRY_NOTIFIER'))
      return fail(
        'CONSENTRY_NOTIFIER',
        'CONSENTRY_NOTIFIER=dev is refused in production mode: use smtp or govuk',
      );
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !isSet(env, name));
    if (missing[0] === undefined) return E.right(config);
    const names =
      missing.length === 1
        ? missing[0]
        : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    return fail(
      missing[0],
      `production mode (${whyProduction(env)}) needs ${names}; nothing was started or written. For a development host on this machine, set CONSENTRY_MODE=development`,
    );
  };
