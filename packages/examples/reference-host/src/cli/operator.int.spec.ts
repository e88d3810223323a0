import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../web/paths.js';
import { Client } from '../__fixtures__/testHost.js';

// `consentry staff` and `consentry tokens` as an operator runs them: the built program,
// against the same data folder a running `consentry serve` uses.
const bin = path.join(paths.templates, '..', 'bin', 'consentry.js');
const built = fs.existsSync(path.join(paths.templates, '..', 'dist', 'cli', 'staff.js'));

let dataDir: string;
const env = () => ({
  ...process.env,
  CONSENTRY_DATA_DIR: dataDir,
  CONSENTRY_LOG_LEVEL: 'warn',
  CONSENTRY_MODE: 'development',
});
const consentry = (args: readonly string[], input?: string) =>
  spawnSync('node', [bin, ...args], { env: env(), encoding: 'utf8', input: input ?? '' });

const serve = async (): Promise<{ url: string; child: ChildProcess }> => {
  const child = spawn('node', [bin, 'serve'], {
    env: { ...env(), CONSENTRY_PORT: '0' },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)\//.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { url, child };
};

const stop = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
};

const signIn = (client: Client, username: string, password: string) =>
  client.post('/staff/sign-in', { username, password }, { from: '/staff/sign-in' });

beforeAll(() => {
  if (!built)
    throw new Error('packages/examples/reference-host/dist is missing: run `pnpm build` first');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-operator-'));
  expect(consentry(['demo']).status).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('consentry staff', () => {
  it('adds an account that signs in with the password shown once; disabling ends its session at once', async () => {
    const added = consentry([
      'staff',
      'add',
      'nurse.jo',
      '--role',
      'organisation-staff',
      '--organisation',
      'leic-hospital',
      '--name',
      'Jo Bloggs',
    ]);
    expect(added.status).toBe(0);
    const password = /Password \(shown once[^:]*\): (\S+)/.exec(added.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(consentry(['staff', 'list']).stdout).toMatch(
      /nurse\.jo\s+organisation-staff\s+leic-hospital\s+Jo Bloggs\s+active/,
    );

    const { url, child } = await serve();
    try {
      const jo = new Client(url);
      expect((await signIn(jo, 'nurse.jo', 'not the password')).statusCode).toBe(401);
      const signedIn = await signIn(jo, 'nurse.jo', password!);
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers['location']).toBe('/organisation');
      expect((await jo.get('/organisation')).statusCode).toBe(200);

      const disabled = consentry(['staff', 'disable', 'nurse.jo']);
      expect(disabled.status).toBe(0);
      expect(disabled.stdout).toContain('Disabled "nurse.jo"; their sessions have ended.');
      // The running server sees it at once: the session is gone, and the password no longer works.
      expect((await jo.get('/organisation')).statusCode).toBe(302);
      expect((await signIn(new Client(url), 'nurse.jo', password!)).statusCode).toBe(401);
    } finally {
      await stop(child);
    }
    expect(consentry(['staff', 'list']).stdout).toMatch(/nurse\.jo .* disabled \d{4}-/);
    expect(consentry(['staff', 'disable', 'nurse.jo']).stdout).toContain('already disabled');
  }, 90_000);

  it('takes the password from stdin when asked, and never prints it', async () => {
    const added = consentry(
      [
        'staff',
        'add',
        'officer.kim',
        '--role',
        'privacy-officer',
        '--organisation',
        'leic-practice',
        '--name',
        'Kim Lee',
        '--password-stdin',
      ],
      'a long enough passphrase\n',
    );
    expect(added.status).toBe(0);
    expect(added.stdout).not.toContain('passphrase');
    const { url, child } = await serve();
    try {
      const kim = new Client(url);
      const signedIn = await signIn(kim, 'officer.kim', 'a long enough passphrase');
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers['location']).toBe('/alerts');
    } finally {
      await stop(child);
    }
  }, 90_000);

  it.each([
    [
      [
        'nurse.jo',
        '--role',
        'organisation-staff',
        '--organisation',
        'leic-hospital',
        '--name',
        'J',
      ],
      'a staff account named "nurse.jo" already exists',
    ],
    [
      ['new.one', '--role', 'surgeon', '--organisation', 'leic-hospital', '--name', 'N'],
      '--role must be one of organisation-staff, practice-staff, privacy-officer, auditor',
    ],
    [
      ['new.one', '--role', 'organisation-staff', '--organisation', 'atlantis', '--name', 'N'],
      'organisation "atlantis" is not registered in Consentry',
    ],
    [
      ['new.one', '--role', 'practice-staff', '--organisation', 'leic-hospital', '--name', 'N'],
      'practice staff must belong to a GP practice; "leic-hospital" is a hospital',
    ],
    [
      ['new.one', '--role', 'organisation-staff', '--name', 'N'],
      '--organisation is required for the role organisation-staff',
    ],
    [['New One', '--role', 'auditor', '--name', 'N'], 'the user name must be 2 to 64 characters'],
  ])(
    'refuses `staff add %s` with one clear line and changes nothing',
    (args, message) => {
      const before = consentry(['staff', 'list']).stdout;
      const refused = consentry(['staff', 'add', ...args]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`consentry: ${message}`);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(consentry(['staff', 'list']).stdout).toBe(before);
    },
    30_000,
  );

  it('refuses to disable an account that does not exist', () => {
    const refused = consentry(['staff', 'disable', 'nobody']);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe('consentry: no staff account named "nobody"');
  });
});

describe('consentry tokens', () => {
  const create = (...args: string[]) =>
    consentry(['tokens', 'create', '--organisation', 'leic-hospital', ...args]);

  it('creates a token shown once and stored only as a hash; revoking it stops it at once', async () => {
    const created = create('--scope', 'api', '--label', 'ward system');
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^cst_[A-Za-z0-9_-]{43}$/);
    const tokenId = /Created (tok_[0-9a-f]+) for leic-hospital \(scopes: api\)/.exec(
      created.stderr,
    )?.[1];
    expect(tokenId).toBeDefined();
    const listed = consentry(['tokens', 'list']).stdout;
    expect(listed).toMatch(
      new RegExp(`${tokenId}\\s+leic-hospital\\s+api\\s+ward system\\s+\\S+\\s+active`),
    );
    expect(listed).not.toContain(token);
    // Neither the file nor its write-ahead log holds the token itself.
    for (const file of fs.readdirSync(dataDir).filter((f) => f.startsWith('host.sqlite')))
      expect(fs.readFileSync(path.join(dataDir, file)).includes(token)).toBe(false);

    const { url, child } = await serve();
    try {
      const call = () =>
        fetch(`${url}/api/v1/challenges`, { headers: { authorization: `Bearer ${token}` } });
      const before = await call();
      expect(before.status).toBe(200);
      expect(consentry(['tokens', 'revoke', tokenId!]).stdout).toBe(`Revoked ${tokenId}.\n`);
      const after = await call();
      expect(after.status).toBe(401);
      expect(after.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await stop(child);
    }
    expect(consentry(['tokens', 'list']).stdout).toMatch(new RegExp(`${tokenId}.*revoked \\d{4}-`));
    expect(consentry(['tokens', 'revoke', tokenId!]).stdout).toContain('already revoked');
  }, 90_000);

  it('a token without the api scope cannot act for its organisation', async () => {
    const metricsOnly = create('--scope', 'metrics', '--label', 'prometheus').stdout.trim();
    const { url, child } = await serve();
    try {
      const refused = await fetch(`${url}/api/v1/challenges`, {
        headers: { authorization: `Bearer ${metricsOnly}` },
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        detail: 'This token does not have the "api" scope.',
      });
    } finally {
      await stop(child);
    }
  }, 90_000);

  it.each([
    [['--label', 'x'], '--scope must be one or more of api, metrics'],
    [
      ['--scope', 'admin', '--label', 'x'],
      '--scope must be one or more of api, metrics (not "admin")',
    ],
    [['--scope', 'api', '--label', 'bad/label'], '--label must be 1 to 64 letters'],
  ])(
    'refuses `tokens create %s` and creates nothing',
    (args, message) => {
      const before = consentry(['tokens', 'list']).stdout;
      const refused = create(...args);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`consentry: ${message}`);
      expect(consentry(['tokens', 'list']).stdout).toBe(before);
    },
    30_000,
  );

  it('refuses a token for an organisation Consentry does not know, and an unknown id to revoke', () => {
    const unknownOrganisation = consentry([
      'tokens',
      'create',
      '--organisation',
      'atlantis',
      '--scope',
      'api',
      '--label',
      'x',
    ]);
    expect(unknownOrganisation.status).toBe(1);
    expect(unknownOrganisation.stderr.trim()).toBe(
      'consentry: organisation "atlantis" is not registered in Consentry',
    );
    const unknownId = consentry(['tokens', 'revoke', 'tok_000000000000']);
    expect(unknownId.status).toBe(1);
    expect(unknownId.stderr.trim()).toBe(
      'consentry: no token with the id "tok_000000000000" (see consentry tokens list)',
    );
  }, 30_000);
});
