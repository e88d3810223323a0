import * as E from 'fp-ts/lib/Either.js';
import { decodeConfig } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
/** Development, said explicitly: production is the default. */
const DEV = { CONSENTRY_MODE: 'development' };

describe('decodeConfig', () => {
  it('given only CONSENTRY_MODE=development, then it uses the documented defaults', () => {
    expect(decodeConfig(DEV)).toEqual(
      E.right({
        host: '127.0.0.1',
        port: 3000,
        dataDir: './data',
        store: { kind: 'sqlite' },
        notifier: { kind: 'dev' },
        keyring: undefined,
        mode: 'development',
        logLevel: 'info',
        delivery: 'immediate',
        // The local sign-in forms, no OpenID Connect provider (signIn.unit.spec.ts).
        signIn: {
          local: true,
          publicUrl: new URL('http://127.0.0.1:3000/'),
          patient: null,
          staff: null,
        },
      }),
    );
  });

  it.each([
    ['CONSENTRY_PORT', 'abc'],
    ['CONSENTRY_PORT', '70000'],
    ['CONSENTRY_HOST', 'bad host'],
    ['CONSENTRY_STORE', 'mysql://db'],
    ['CONSENTRY_NOTIFIER', 'pigeon'],
    ['CONSENTRY_MODE', 'staging'],
    ['CONSENTRY_KEYRING', 'k1:short'],
    ['CONSENTRY_DELIVERY', 'sometimes'],
  ])('given %s=%s, then the error names that variable', (variable, value) => {
    const result = decodeConfig({ [variable]: value });
    expect(E.isLeft(result) && result.left.variable).toBe(variable);
    expect(E.isLeft(result) && result.left.message).toContain(variable);
  });

  it('reads store URLs into their kind', () => {
    const pg = decodeConfig({ ...DEV, CONSENTRY_STORE: 'postgres://u:p@localhost/db' });
    const esdb = decodeConfig({ ...DEV, CONSENTRY_STORE: 'esdb://localhost:2113?tls=false' });
    expect(E.isRight(pg) && pg.right.store).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@localhost/db',
    });
    expect(E.isRight(esdb) && esdb.right.store.kind).toBe('eventstoredb');
  });

  it('takes CONSENTRY_STORE_REPLICA only as a postgres:// standby of a postgres store', () => {
    const pg = { ...DEV, CONSENTRY_STORE: 'postgres://u:p@primary/db' };
    const standby = 'postgres://u:p@standby/db';
    const ok = decodeConfig({ ...pg, CONSENTRY_STORE_REPLICA: standby });
    expect(E.isRight(ok) && ok.right.replica).toBe(standby);
    const none = decodeConfig(pg);
    expect(E.isRight(none) && none.right.replica).toBeUndefined();
    for (const env of [
      { ...DEV, CONSENTRY_STORE_REPLICA: standby },
      { ...pg, CONSENTRY_STORE_REPLICA: 'mysql://standby/db' },
    ]) {
      const refused = decodeConfig(env);
      expect(E.isLeft(refused) && refused.left.variable).toBe('CONSENTRY_STORE_REPLICA');
    }
  });

  it('delivers immediately on SQLite and in the background (leased) on a server, unless told', () => {
    const delivery = (env: Record<string, string>) => {
      const config = decodeConfig({ ...DEV, ...env });
      return E.isRight(config) && config.right.delivery;
    };
    const pg = { CONSENTRY_STORE: 'postgres://u:p@localhost/db' };
    expect(delivery({})).toBe('immediate');
    expect(delivery(pg)).toBe('background');
    expect(delivery({ ...pg, CONSENTRY_DELIVERY: 'off' })).toBe('off');
    expect(delivery({ ...pg, CONSENTRY_DELIVERY: 'immediate' })).toBe('immediate');
  });

  it('asks for the SMTP settings when the smtp notifier is chosen, naming the missing one', () => {
    const missing = decodeConfig({
      CONSENTRY_NOTIFIER: 'smtp',
      CONSENTRY_SMTP_URL: 'smtp://mail:25',
    });
    expect(E.isLeft(missing) && missing.left.variable).toBe('CONSENTRY_SMTP_FROM');
    const ok = decodeConfig({
      ...DEV,
      CONSENTRY_NOTIFIER: 'smtp',
      CONSENTRY_SMTP_URL: 'smtp://mail:25',
      CONSENTRY_SMTP_FROM: 'a@b.example',
    });
    expect(E.isRight(ok) && ok.right.notifier).toEqual({
      kind: 'smtp',
      url: 'smtp://mail:25',
      from: 'a@b.example',
    });
  });

  it('refuses the development notifier and a missing keyring in production', () => {
    const dev = decodeConfig({ CONSENTRY_MODE: 'production', CONSENTRY_KEYRING: `k1:${KEY}` });
    expect(E.isLeft(dev) && dev.left.variable).toBe('CONSENTRY_NOTIFIER');
    const noKeys = decodeConfig({
      CONSENTRY_MODE: 'production',
      CONSENTRY_NOTIFIER: 'smtp',
      CONSENTRY_SMTP_URL: 'smtps://mail:465',
      CONSENTRY_SMTP_FROM: 'a@b.example',
    });
    expect(E.isLeft(noKeys) && noKeys.left.variable).toBe('CONSENTRY_KEYRING');
  });

  it('never echoes a secret value in its message', () => {
    const result = decodeConfig({ CONSENTRY_KEYRING: 'k1:this-is-secret' });
    expect(E.isLeft(result) && result.left.message).not.toContain('this-is-secret');
  });
});

/** Everything production asks for, so a production row can start. */
const PRODUCTION_SETTINGS = {
  CONSENTRY_NOTIFIER: 'smtp',
  CONSENTRY_SMTP_URL: 'smtps://mail.example.org:465',
  CONSENTRY_SMTP_FROM: 'consentry@example.org',
  CONSENTRY_KEYRING: `k1:${KEY}`,
  CONSENTRY_AUDIT_KEY: 'audit-1:any-text-the-checkpoint-writer-parses',
  CONSENTRY_STORE: 'sqlite',
};

const outcome = (
  env: Record<string, string | undefined>,
  flags: Parameters<typeof decodeConfig>[1] = {},
): string => {
  const result = decodeConfig(env, flags);
  return E.isRight(result) ? `starts ${result.right.mode}` : `refused: ${result.left.variable}`;
};

describe('decodeConfig: the mode is production unless the operator says otherwise', () => {
  // CONSENTRY_MODE × NODE_ENV × listen address, with every production setting present.
  it.each([
    [undefined, undefined, '127.0.0.1', 'starts production'],
    [undefined, undefined, '0.0.0.0', 'starts production'],
    [undefined, 'development', '127.0.0.1', 'starts production'],
    [undefined, 'development', '0.0.0.0', 'starts production'],
    [undefined, 'production', '127.0.0.1', 'starts production'],
    [undefined, 'production', '0.0.0.0', 'starts production'],
    ['development', undefined, '127.0.0.1', 'starts development'],
    ['development', undefined, '0.0.0.0', 'refused: CONSENTRY_HOST'],
    ['development', 'development', '127.0.0.1', 'starts development'],
    ['development', 'development', '0.0.0.0', 'refused: CONSENTRY_HOST'],
    ['development', 'production', '127.0.0.1', 'refused: CONSENTRY_MODE'],
    ['development', 'production', '0.0.0.0', 'refused: CONSENTRY_MODE'],
    ['development', ' Production ', '127.0.0.1', 'refused: CONSENTRY_MODE'],
    ['production', undefined, '127.0.0.1', 'starts production'],
    ['production', undefined, '0.0.0.0', 'starts production'],
    ['production', 'development', '0.0.0.0', 'starts production'],
    ['production', 'production', '127.0.0.1', 'starts production'],
    ['production', 'production', '0.0.0.0', 'starts production'],
  ])(
    'given CONSENTRY_MODE=%s, NODE_ENV=%s and CONSENTRY_HOST=%s, then it %s',
    (mode, nodeEnv, host, expected) => {
      const env = {
        ...PRODUCTION_SETTINGS,
        CONSENTRY_MODE: mode,
        NODE_ENV: nodeEnv,
        CONSENTRY_HOST: host,
      };
      expect(outcome(env)).toBe(expected);
    },
  );

  it.each([
    [{}, 'starts development'],
    [{ CONSENTRY_MODE: 'development' }, 'starts development'],
    [{ CONSENTRY_MODE: 'production' }, 'refused: --demo'],
    [{ NODE_ENV: 'production' }, 'refused: --demo'],
    [{ CONSENTRY_HOST: '0.0.0.0' }, 'refused: CONSENTRY_HOST'],
  ])('given --demo and %j, then it %s (pnpm start is development by choice)', (env, expected) => {
    expect(outcome(env, { demo: '--demo' })).toBe(expected);
  });

  it('names why --demo is refused, as the operator wrote it', () => {
    const viaMode = decodeConfig({ CONSENTRY_MODE: 'production' }, { demo: '--demo' });
    expect(E.isLeft(viaMode) && viaMode.left.message).toBe(
      '--demo seeds known passwords and is refused when CONSENTRY_MODE=production',
    );
    const viaNodeEnv = decodeConfig({ NODE_ENV: 'production' }, { demo: 'demo' });
    expect(E.isLeft(viaNodeEnv) && viaNodeEnv.left.message).toBe(
      'demo seeds known passwords and is refused when NODE_ENV=production',
    );
  });

  it('given NODE_ENV=development alone, then it is still production: only CONSENTRY_MODE or --demo choose development', () => {
    expect(outcome({ NODE_ENV: 'development' })).toBe('refused: CONSENTRY_NOTIFIER');
  });
});

describe('decodeConfig: a development host listens only on loopback unless told otherwise', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
    'given CONSENTRY_HOST=%s, then it starts',
    (host) => {
      expect(outcome({ ...DEV, CONSENTRY_HOST: host })).toBe('starts development');
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.5', 'consentry.example.org', '128.0.0.1'])(
    'given CONSENTRY_HOST=%s, then it refuses, naming the address and the way out',
    (host) => {
      const result = decodeConfig({ ...DEV, CONSENTRY_HOST: host });
      expect(E.isLeft(result) && result.left.variable).toBe('CONSENTRY_HOST');
      expect(E.isLeft(result) && result.left.message).toMatch(
        new RegExp(`^CONSENTRY_HOST=${host.replace(/\./g, '\\.')} is refused in development mode`),
      );
      expect(E.isLeft(result) && result.left.message).toContain('CONSENTRY_UNSAFE_DEV_LISTEN=yes');
    },
  );

  it('given CONSENTRY_UNSAFE_DEV_LISTEN=yes or --unsafe-dev-listen, then it starts off loopback', () => {
    const exposed = { ...DEV, CONSENTRY_HOST: '0.0.0.0' };
    expect(outcome({ ...exposed, CONSENTRY_UNSAFE_DEV_LISTEN: 'yes' })).toBe('starts development');
    expect(outcome(exposed, { unsafeDevListen: true })).toBe('starts development');
    expect(outcome({ CONSENTRY_HOST: '0.0.0.0' }, { demo: '--demo', unsafeDevListen: true })).toBe(
      'starts development',
    );
  });

  it('given a vague CONSENTRY_UNSAFE_DEV_LISTEN, then it refuses rather than guess', () => {
    for (const value of ['true', '1', 'YES', 'no'])
      expect(
        outcome({ ...DEV, CONSENTRY_HOST: '0.0.0.0', CONSENTRY_UNSAFE_DEV_LISTEN: value }),
      ).toBe(value === 'no' ? 'refused: CONSENTRY_HOST' : 'refused: CONSENTRY_UNSAFE_DEV_LISTEN');
  });
});

describe('decodeConfig: production names everything it is missing, in one line', () => {
  it('given the deployment of the issue (NODE_ENV=production, CONSENTRY_HOST=0.0.0.0), then it refuses', () => {
    const result = decodeConfig({ NODE_ENV: 'production', CONSENTRY_HOST: '0.0.0.0' });
    expect(result).toEqual(
      E.left({
        _tag: 'ConfigError',
        variable: 'CONSENTRY_NOTIFIER',
        message:
          'production mode (NODE_ENV=production) needs CONSENTRY_NOTIFIER, CONSENTRY_KEYRING, CONSENTRY_AUDIT_KEY and CONSENTRY_STORE; nothing was started or written. For a development host on this machine, set CONSENTRY_MODE=development',
      }),
    );
  });

  it('given nothing at all, then it says production is the default', () => {
    const result = decodeConfig({});
    expect(E.isLeft(result) && result.left.message).toMatch(
      /^production mode \(the default\) needs/,
    );
  });

  it.each(Object.keys(PRODUCTION_SETTINGS).filter((name) => !name.startsWith('CONSENTRY_SMTP')))(
    'given every setting but %s, then it names that one alone',
    (name) => {
      const result = decodeConfig({ ...PRODUCTION_SETTINGS, [name]: '' });
      expect(E.isLeft(result) && result.left.variable).toBe(name);
      expect(E.isLeft(result) && result.left.message).toContain(`needs ${name};`);
      expect(E.isLeft(result) && result.left.message.includes('\n')).toBe(false);
    },
  );

  it('given CONSENTRY_NOTIFIER=dev, then production refuses it by name', () => {
    const result = decodeConfig({ ...PRODUCTION_SETTINGS, CONSENTRY_NOTIFIER: 'dev' });
    expect(E.isLeft(result) && result.left.message).toBe(
      'CONSENTRY_NOTIFIER=dev is refused in production mode: use smtp or govuk',
    );
  });
});
