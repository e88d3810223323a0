import * as E from 'fp-ts/lib/Either.js';
import { decodeConfig } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('decodeConfig', () => {
  it('given no variables, then it uses the documented defaults', () => {
    expect(decodeConfig({})).toEqual(
      E.right({
        host: '127.0.0.1',
        port: 3000,
        dataDir: './data',
        store: { kind: 'sqlite' },
        notifier: { kind: 'dev' },
        keyring: undefined,
        mode: 'development',
        logLevel: 'info',
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
  ])('given %s=%s, then the error names that variable', (variable, value) => {
    const result = decodeConfig({ [variable]: value });
    expect(E.isLeft(result) && result.left.variable).toBe(variable);
    expect(E.isLeft(result) && result.left.message).toContain(variable);
  });

  it('reads store URLs into their kind', () => {
    const pg = decodeConfig({ CONSENTRY_STORE: 'postgres://u:p@localhost/db' });
    const esdb = decodeConfig({ CONSENTRY_STORE: 'esdb://localhost:2113?tls=false' });
    expect(E.isRight(pg) && pg.right.store).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@localhost/db',
    });
    expect(E.isRight(esdb) && esdb.right.store.kind).toBe('eventstoredb');
  });

  it('asks for the SMTP settings when the smtp notifier is chosen, naming the missing one', () => {
    const missing = decodeConfig({
      CONSENTRY_NOTIFIER: 'smtp',
      CONSENTRY_SMTP_URL: 'smtp://mail:25',
    });
    expect(E.isLeft(missing) && missing.left.variable).toBe('CONSENTRY_SMTP_FROM');
    const ok = decodeConfig({
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
