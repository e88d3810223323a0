import * as E from 'fp-ts/lib/Either.js';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeConfig, type StartFlags } from '../config/config.js';
import { createLogger } from '../logging.js';
import { newKeyPair } from '../audit/keys.js';
import { send } from '../__fixtures__/testHost.js';
import { startHost, type RunningHost } from './serve.js';

// The real decoder and the real server (SQLite in a scratch folder, real listening socket):
// which combinations of mode, NODE_ENV and listening address start, which refuse, and where
// /dev/outbox answers.

const KEY = Buffer.alloc(32, 9).toString('base64');
const PRODUCTION_SETTINGS = {
  CONSENTRY_NOTIFIER: 'smtp',
  CONSENTRY_SMTP_URL: 'smtp://127.0.0.1:2525',
  CONSENTRY_SMTP_FROM: 'consentry@example.org',
  CONSENTRY_KEYRING: `k1:${KEY}`,
  CONSENTRY_AUDIT_KEY: newKeyPair('audit-1').privateLine,
  CONSENTRY_STORE: 'sqlite',
};

let dataDir: string;
let running: RunningHost | undefined;
beforeEach(() => {
  // The data folder is named but not made: whatever exists after a refusal was made by it.
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-modes-')), 'data');
});
afterEach(async () => {
  if (running !== undefined) {
    running.app.server.closeAllConnections();
    await running.stop();
  }
  running = undefined;
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

interface Started {
  readonly base: string;
  readonly logs: readonly Record<string, unknown>[];
  readonly warnings: string;
}

/** Decodes `env` as `consentry serve` does, then starts the host on a free port. */
const start = async (
  env: Record<string, string>,
  flags: StartFlags = {},
): Promise<E.Either<string, Started>> => {
  const fullEnv = {
    CONSENTRY_DATA_DIR: dataDir,
    CONSENTRY_PORT: '0',
    CONSENTRY_CHECKPOINT_INTERVAL: '0',
    ...env,
  };
  const config = decodeConfig(fullEnv, flags);
  if (E.isLeft(config)) return E.left(config.left.message);
  const lines: string[] = [];
  let warnings = '';
  const host = await startHost(config.right, {
    demo: flags.demo !== undefined,
    env: fullEnv,
    logger: createLogger(
      'info',
      { write: (line: string) => void lines.push(line) },
      config.right.mode,
    ),
    warn: (text) => void (warnings += text),
  });
  if (E.isLeft(host)) return host;
  running = host.right;
  // Whatever the listening address, the test reaches it over loopback.
  const port = new URL(host.right.url).port;
  return E.right({
    base: `http://127.0.0.1:${port}`,
    logs: lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    warnings,
  });
};

const startedOrThrow = async (env: Record<string, string>, flags?: StartFlags) => {
  const started = await start(env, flags);
  if (E.isLeft(started)) throw new Error(started.left);
  return started.right;
};

const status = async (base: string, url: string) => (await send(base, 'GET', url)).statusCode;
const health = async (base: string) => (await send(base, 'GET', '/health')).json();
const dataFiles = () => (fs.existsSync(dataDir) ? fs.readdirSync(dataDir).sort() : []);

describe('consentry serve: what starts, and where /dev/outbox answers', () => {
  it('given CONSENTRY_MODE=development on 127.0.0.1, then it starts in development with the outbox', async () => {
    const host = await startedOrThrow({
      CONSENTRY_MODE: 'development',
      CONSENTRY_HOST: '127.0.0.1',
    });
    expect(await health(host.base)).toEqual({ status: 'ok', store: 'ok', mode: 'development' });
    expect(await status(host.base, '/dev/outbox')).toBe(200);
    expect(host.logs[0]).toMatchObject({ level: 40, mode: 'development' });
    expect(host.logs[0]!['msg']).toMatch(/^starting in development mode/);
    expect(host.warnings).toBe(''); // no banner on loopback
  });

  it('given --demo and nothing else (pnpm start), then it starts in development with the outbox and the demo', async () => {
    const host = await startedOrThrow({ CONSENTRY_HOST: '127.0.0.1' }, { demo: '--demo' });
    expect(await health(host.base)).toEqual({ status: 'ok', store: 'ok', mode: 'development' });
    expect(await status(host.base, '/dev/outbox')).toBe(200);
    expect(await status(host.base, '/staff/sign-in')).toBe(200);
  });

  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['CONSENTRY_MODE=production', { CONSENTRY_MODE: 'production' }],
    ['neither (the default)', {}],
  ])(
    'given %s with every production setting, then it starts in production and /dev/outbox is 404',
    async (_what, modeEnv: Record<string, string>) => {
      const host = await startedOrThrow({
        ...PRODUCTION_SETTINGS,
        ...modeEnv,
        CONSENTRY_HOST: '127.0.0.1',
      });
      expect(await health(host.base)).toEqual({ status: 'ok', store: 'ok', mode: 'production' });
      expect(await status(host.base, '/dev/outbox')).toBe(404);
      expect(host.logs[0]).toMatchObject({
        level: 30,
        mode: 'production',
        msg: 'starting in production mode',
      });
      // Nothing development-only was made: no generated keyring or audit key.
      expect(dataFiles()).not.toContain('dev-keyring.txt');
      expect(dataFiles()).not.toContain('dev-audit-key.txt');
    },
  );

  it('given production on 0.0.0.0, then it starts (production may listen anywhere) with no outbox and no banner', async () => {
    const host = await startedOrThrow({
      ...PRODUCTION_SETTINGS,
      NODE_ENV: 'production',
      CONSENTRY_HOST: '0.0.0.0',
    });
    expect(await status(host.base, '/dev/outbox')).toBe(404);
    expect((await health(host.base))['mode']).toBe('production');
    expect(host.warnings).toBe('');
  });

  it('given development with a real notifier, then /dev/outbox is 404 (there is nothing to show)', async () => {
    const { CONSENTRY_NOTIFIER, CONSENTRY_SMTP_URL, CONSENTRY_SMTP_FROM } = PRODUCTION_SETTINGS;
    const host = await startedOrThrow({
      CONSENTRY_MODE: 'development',
      CONSENTRY_NOTIFIER,
      CONSENTRY_SMTP_URL,
      CONSENTRY_SMTP_FROM,
    });
    expect(await status(host.base, '/dev/outbox')).toBe(404);
  });

  it('given development on 0.0.0.0 with CONSENTRY_UNSAFE_DEV_LISTEN=yes, then it starts and prints the warning banner', async () => {
    const host = await startedOrThrow({
      CONSENTRY_MODE: 'development',
      CONSENTRY_HOST: '0.0.0.0',
      CONSENTRY_UNSAFE_DEV_LISTEN: 'yes',
    });
    expect(host.warnings).toContain('DEVELOPMENT HOST LISTENING ON 0.0.0.0, NOT ONLY ON LOOPBACK');
    expect(host.warnings).toContain('reads every verification and sign-in code at /dev/outbox');
    expect(host.logs.map((l) => l['msg'])).toContain('development host listening beyond loopback');
    expect(await status(host.base, '/dev/outbox')).toBe(200);
  });
});

describe('consentry serve: what refuses, before anything is written or listened on', () => {
  it.each([
    ['nothing set (production by default)', {}, {}, 'production mode (the default) needs'],
    [
      'NODE_ENV=production, CONSENTRY_HOST=0.0.0.0 (the issue)',
      { NODE_ENV: 'production', CONSENTRY_HOST: '0.0.0.0' },
      {},
      'production mode (NODE_ENV=production) needs CONSENTRY_NOTIFIER, CONSENTRY_KEYRING, CONSENTRY_AUDIT_KEY and CONSENTRY_STORE',
    ],
    [
      'CONSENTRY_MODE=development with NODE_ENV=production',
      { CONSENTRY_MODE: 'development', NODE_ENV: 'production' },
      {},
      'CONSENTRY_MODE=development is refused when NODE_ENV=production',
    ],
    [
      'CONSENTRY_MODE=development on 0.0.0.0',
      { CONSENTRY_MODE: 'development', CONSENTRY_HOST: '0.0.0.0' },
      {},
      'CONSENTRY_HOST=0.0.0.0 is refused in development mode',
    ],
    [
      '--demo on a public address',
      { CONSENTRY_HOST: '192.168.1.10' },
      { demo: '--demo' } as const,
      'CONSENTRY_HOST=192.168.1.10 is refused in development mode',
    ],
    [
      '--demo with NODE_ENV=production',
      { NODE_ENV: 'production', ...PRODUCTION_SETTINGS },
      { demo: '--demo' } as const,
      '--demo seeds known passwords and is refused when NODE_ENV=production',
    ],
  ])(
    'given %s, then it refuses and writes nothing',
    async (_what, env, flags: StartFlags, message) => {
      const started = await start(env, flags);
      expect(E.isLeft(started) && started.left).toContain(message);
      expect(running).toBeUndefined();
      expect(fs.existsSync(dataDir)).toBe(false);
    },
  );

  it('given a production configuration built by hand without a keyring, then openHost still refuses and writes nothing', async () => {
    const config = decodeConfig({ ...PRODUCTION_SETTINGS, CONSENTRY_DATA_DIR: dataDir });
    if (E.isLeft(config)) throw new Error(config.left.message);
    const logger = createLogger('silent');
    const started = await startHost(
      { ...config.right, keyring: undefined },
      { demo: false, env: PRODUCTION_SETTINGS, logger, warn: () => undefined },
    );
    expect(started).toEqual(E.left('CONSENTRY_KEYRING is required in production mode'));
    const noAuditKey = await startHost(config.right, {
      demo: false,
      env: { ...PRODUCTION_SETTINGS, CONSENTRY_AUDIT_KEY: '' },
      logger,
      warn: () => undefined,
    });
    // The store was opened by then, but no development audit key was made.
    expect(noAuditKey).toEqual(E.left('CONSENTRY_AUDIT_KEY is required in production mode'));
    expect(dataFiles()).not.toContain('dev-audit-key.txt');
  });
});

// The built program, as an operator runs it (`pnpm test` builds first).
const bin = path.resolve(__dirname, '../../bin/consentry.js');
const built = fs.existsSync(path.resolve(__dirname, '../../dist/cli/main.js'));

describe('the consentry program: modes', () => {
  beforeEach(() => {
    if (!built)
      throw new Error('packages/examples/reference-host/dist is missing: run `pnpm build` first');
  });
  const environment = (extra: Record<string, string>) => {
    // Only what this test says: an inherited CONSENTRY_* or NODE_ENV would change the mode.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('CONSENTRY_') && k !== 'NODE_ENV'),
    );
    return { ...inherited, CONSENTRY_DATA_DIR: dataDir, CONSENTRY_LOG_LEVEL: 'warn', ...extra };
  };

  it('given NODE_ENV=production and CONSENTRY_HOST=0.0.0.0 only, then serve exits 2 with one line and no data folder', () => {
    const result = spawnSync('node', [bin, 'serve'], {
      env: environment({ NODE_ENV: 'production', CONSENTRY_HOST: '0.0.0.0' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'consentry: production mode (NODE_ENV=production) needs CONSENTRY_NOTIFIER, CONSENTRY_KEYRING, CONSENTRY_AUDIT_KEY and CONSENTRY_STORE; nothing was started or written. For a development host on this machine, set CONSENTRY_MODE=development\n',
    );
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('given CONSENTRY_MODE=development and CONSENTRY_HOST=0.0.0.0, then serve --demo exits 2 before listening', () => {
    const result = spawnSync('node', [bin, 'serve', '--demo'], {
      env: environment({ CONSENTRY_MODE: 'development', CONSENTRY_HOST: '0.0.0.0' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stdout).not.toContain('running at');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^consentry: CONSENTRY_HOST=0\.0\.0\.0 is refused in development mode/,
    );
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('given serve --demo and nothing else (as pnpm start runs it), then it serves the demo in development', async () => {
    const child = spawn('node', [bin, 'serve', '--demo'], {
      env: environment({ CONSENTRY_PORT: '0' }),
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match && output.includes('API token')) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    try {
      expect(output).toContain('(development mode)');
      expect(output).toContain(`Messages sent appear at ${url}dev/outbox`);
      const base = url.replace(/\/$/, '');
      expect(await health(base)).toEqual({ status: 'ok', store: 'ok', mode: 'development' });
      expect(await status(base, '/dev/outbox')).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);
});
