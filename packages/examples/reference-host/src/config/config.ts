import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  checkListenAddress,
  checkProductionSettings,
  decodeMode,
  type Mode,
  type StartFlags,
} from './mode.js';
import { fail, variable, type ConfigError, type Env } from './variable.js';
import { decodeSignInSettings, type SignInSettings } from './signIn.js';
import { decodeReplica } from './replica.js';

export type { ConfigError } from './variable.js';
export { isLoopback, type Mode, type StartFlags } from './mode.js';

/** Where events are kept: the SQLite file in the data folder, or a server named by URL. */
export type StoreConfig =
  | { readonly kind: 'sqlite' }
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'eventstoredb'; readonly url: string };

export type NotifierConfig =
  | { readonly kind: 'dev' }
  | { readonly kind: 'smtp'; readonly url: string; readonly from: string }
  | {
      readonly kind: 'govuk';
      readonly apiKey: string;
      readonly smsTemplateId: string;
      readonly emailTemplateId: string;
    };

export interface HostConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly store: StoreConfig;
  /** CONSENTRY_STORE_REPLICA: a hot standby of a postgres store; checks and queries given a commit token read there (docs/reference-host.md). */
  readonly replica?: string | undefined;
  readonly notifier: NotifierConfig;
  /** Raw keyring text (`id:base64key,...`, first is active); absent: a generated development key. */
  readonly keyring: string | undefined;
  /** CONSENTRY_KEK (`id:base64key,...`): seals personal data in the store (docs/personal-data.md); absent: stored plain. */
  readonly kek?: string | undefined;
  readonly mode: Mode;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** CONSENTRY_DELIVERY: who sends the patients' messages (wiring/delivery.ts). */
  readonly delivery: 'immediate' | 'background' | 'off';
  /** OpenID Connect providers and the local sign-in forms (config/signIn.ts). */
  readonly signIn?: SignInSettings;
}

const PortFromString = new t.Type<number, string, string>(
  'Port',
  (u): u is number => typeof u === 'number',
  (s, c) => (/^\d{1,5}$/.test(s) && Number(s) <= 65535 ? t.success(Number(s)) : t.failure(s, c)),
  String,
);

const Host = new t.Type<string, string, string>(
  'Host',
  t.string.is,
  (s, c) => (/^[A-Za-z0-9.:-]{1,253}$/.test(s) ? t.success(s) : t.failure(s, c)),
  String,
);

const NonEmpty = new t.Type<string, string, string>(
  'NonEmpty',
  t.string.is,
  (s, c) => (s.trim().length > 0 && s.length <= 4096 ? t.success(s) : t.failure(s, c)),
  String,
);

const LogLevel = t.keyof({
  fatal: null,
  error: null,
  warn: null,
  info: null,
  debug: null,
  trace: null,
  silent: null,
});
const Delivery = t.keyof({ immediate: null, background: null, off: null });
const NotifierKind = t.keyof({ dev: null, smtp: null, govuk: null });

const StoreFromString = new t.Type<StoreConfig, string, string>(
  'Store',
  (u): u is StoreConfig => typeof u === 'object' && u !== null && 'kind' in u,
  (s, c) =>
    s === 'sqlite'
      ? t.success({ kind: 'sqlite' })
      : /^postgres(ql)?:\/\/\S+$/.test(s)
        ? t.success({ kind: 'postgres', url: s })
        : /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/.test(s)
          ? t.success({ kind: 'eventstoredb', url: s })
          : t.failure(s, c),
  (store) => (store.kind === 'sqlite' ? 'sqlite' : store.url),
);

const KeyringText = new t.Type<string, string, string>(
  'Keyring',
  t.string.is,
  (s, c) =>
    s.split(',').every((entry) => /^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/=]{43,}$/.test(entry.trim()))
      ? t.success(s)
      : t.failure(s, c),
  String,
);

const decodeNotifier = (env: Env): E.Either<ConfigError, NotifierConfig> =>
  pipe(
    variable(env, 'CONSENTRY_NOTIFIER', NotifierKind, 'dev', 'one of dev, smtp, govuk'),
    E.flatMap((kind): E.Either<ConfigError, NotifierConfig> => {
      switch (kind) {
        case 'dev':
          return E.right({ kind: 'dev' });
        case 'smtp':
          return pipe(
            E.Do,
            E.bind('url', () =>
              variable(
                env,
                'CONSENTRY_SMTP_URL',
                NonEmpty,
                undefined,
                'an smtp:// or smtps:// URL',
              ),
            ),
            E.bind('from', () =>
              variable(env, 'CONSENTRY_SMTP_FROM', NonEmpty, undefined, 'the sender address'),
            ),
            E.flatMap(({ url, from }) =>
              /^smtps?:\/\//.test(url)
                ? E.right({ kind: 'smtp' as const, url, from })
                : fail(
                    'CONSENTRY_SMTP_URL',
                    'CONSENTRY_SMTP_URL must be an smtp:// or smtps:// URL',
                  ),
            ),
          );
        case 'govuk':
          return pipe(
            E.Do,
            E.bind('apiKey', () =>
              variable(
                env,
                'CONSENTRY_GOVUK_API_KEY',
                NonEmpty,
                undefined,
                'a GOV.UK Notify API key',
              ),
            ),
            E.bind('smsTemplateId', () =>
              variable(
                env,
                'CONSENTRY_GOVUK_SMS_TEMPLATE_ID',
                NonEmpty,
                undefined,
                'a GOV.UK Notify template id',
              ),
            ),
            E.bind('emailTemplateId', () =>
              variable(
                env,
                'CONSENTRY_GOVUK_EMAIL_TEMPLATE_ID',
                NonEmpty,
                undefined,
                'a GOV.UK Notify template id',
              ),
            ),
            E.map((settings) => ({ kind: 'govuk' as const, ...settings })),
          );
      }
    }),
  );

/**
 * Reads and validates the environment and the command line's flags; the first bad variable
 * is named in the error. Nothing is opened or written here, so a refusal leaves no trace.
 */
export const decodeConfig = (env: Env, flags: StartFlags = {}): E.Either<ConfigError, HostConfig> =>
  pipe(
    decodeVariables(env, flags),
    E.flatMap(checkListenAddress(env, flags)),
    E.flatMap(checkProductionSettings(env)),
    E.flatMap((config) =>
      E.map((signIn: SignInSettings) => ({ ...config, signIn }))(decodeSignInSettings(env, config)),
    ),
  );

const decodeVariables = (env: Env, flags: StartFlags): E.Either<ConfigError, HostConfig> =>
  pipe(
    E.Do,
    E.bind('host', () =>
      variable(env, 'CONSENTRY_HOST', Host, '127.0.0.1', 'a host name or IP address'),
    ),
    E.bind('port', () =>
      variable(
        env,
        'CONSENTRY_PORT',
        PortFromString,
        '3000',
        'a port number from 0 to 65535 (0: any free port)',
      ),
    ),
    E.bind('dataDir', () =>
      variable(env, 'CONSENTRY_DATA_DIR', NonEmpty, './data', 'a folder path'),
    ),
    E.bind('store', () =>
      variable(
        env,
        'CONSENTRY_STORE',
        StoreFromString,
        'sqlite',
        'sqlite, a postgres:// URL or an esdb:// URL',
      ),
    ),
    E.bind('replica', ({ store }) => decodeReplica(env, store)),
    E.bind('notifier', () => decodeNotifier(env)),
    E.bind('keyring', () =>
      env['CONSENTRY_KEYRING'] === undefined || env['CONSENTRY_KEYRING'] === ''
        ? E.right(undefined)
        : variable(
            env,
            'CONSENTRY_KEYRING',
            KeyringText,
            undefined,
            'id:base64key[,id:base64key...] with keys of at least 32 bytes',
          ),
    ),
    E.bind('kek', () =>
      env['CONSENTRY_KEK'] === undefined || env['CONSENTRY_KEK'] === ''
        ? E.right(undefined)
        : variable(
            env,
            'CONSENTRY_KEK',
            KeyringText,
            undefined,
            'id:base64key[,id:base64key...] with a 32-byte key first',
          ),
    ),
    E.bind('mode', () => decodeMode(env, flags)),
    E.bind('logLevel', () =>
      variable(
        env,
        'CONSENTRY_LOG_LEVEL',
        LogLevel,
        'info',
        'one of fatal, error, warn, info, debug, trace, silent',
      ),
    ),
    // One SQLite host drains after each command; hosts sharing a server run the leased reactor.
    E.bind('delivery', ({ store }) =>
      variable(
        env,
        'CONSENTRY_DELIVERY',
        Delivery,
        store.kind === 'sqlite' ? 'immediate' : 'background',
        'one of immediate, background, off',
      ),
    ),
  );
