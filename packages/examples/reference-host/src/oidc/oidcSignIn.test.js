// OpenID Connect sign-in against real providers. openid-client 6 and oidc-provider 9 are ES
// modules only, which jest (CommonJS here) cannot load, so this suite runs under node:test
// on the built host (`pnpm build` first); .ci/run adds its counts to the summary line.
//   node --test packages/examples/reference-host/src/oidc/
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Agent, throughProvider } from './__fixtures__/agent.js';
import { freePort, startProvider } from './__fixtures__/providers.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(packageRoot, 'bin', 'consentry.js');
const STAFF_SECRET = 'staff-client-secret-for-the-test-provider';

const patientAccounts = {
  alice: { nhs_number: '9434765919', identity_proofing_level: 'P9' },
  // A valid NHS number Consentry has never been told of.
  stranger: { nhs_number: '9876543210', identity_proofing_level: 'P9' },
  'no-number': { identity_proofing_level: 'P5' },
};
const role = (org_code, code) => ({ org_code, role_code: `S8000:G8000:${code}` });
const staffAccounts = {
  'dr-cornwall': { nhsid_nrbac_roles: [role('REF01', 'R8000')] },
  'pm-wigston': { nhsid_nrbac_roles: [role('ZZZ99', 'R9999'), role('C82001', 'R8008')] },
  'dr-nowhere': { nhsid_nrbac_roles: [role('XYZ99', 'R8000')] },
  receptionist: { nhsid_nrbac_roles: [role('REF01', 'R9999')] },
  'pm-at-hospital': { nhsid_nrbac_roles: [role('REF01', 'R8008')] },
};

let patients;
let staff;
let host;
let child;
let dataDir;

const client = (id, secret, hostUrl, kind) => ({
  client_id: id,
  ...(typeof secret === 'string'
    ? { client_secret: secret, token_endpoint_auth_method: 'client_secret_basic' }
    : { jwks: { keys: [secret] }, token_endpoint_auth_method: 'private_key_jwt' }),
  redirect_uris: [`${hostUrl}/oidc/${kind}/callback`],
  post_logout_redirect_uris: [`${hostUrl}/`],
  grant_types: ['authorization_code'],
  response_types: ['code'],
});
// NHS login authenticates clients by private_key_jwt: the host's key, the provider has its public half.
const patientClientKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

before(async () => {
  const [patientPort, staffPort, hostPort] = [await freePort(), await freePort(), await freePort()];
  host = `http://127.0.0.1:${hostPort}`;
  patients = await startProvider({
    port: patientPort,
    accounts: patientAccounts,
    clients: [
      client(
        'consentry-patients',
        {
          ...patientClientKey.publicKey.export({ format: 'jwk' }),
          kid: 'consentry-1',
          alg: 'RS256',
        },
        host,
        'patient',
      ),
      client('another-service', 'another-secret-another-secret', 'http://127.0.0.1:9', 'patient'),
    ],
    claims: { profile: ['nhs_number', 'identity_proofing_level'] },
  });
  staff = await startProvider({
    port: staffPort,
    accounts: staffAccounts,
    clients: [client('consentry-staff', STAFF_SECRET, host, 'staff')],
    claims: { nationalrbacaccess: ['nhsid_nrbac_roles'] },
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-oidc-'));
  const keyFile = path.join(dataDir, 'nhs-login-client.pem');
  fs.writeFileSync(keyFile, patientClientKey.privateKey.export({ format: 'pem', type: 'pkcs8' }), {
    mode: 0o600,
  });
  const env = {
    ...process.env,
    CONSENTRY_MODE: 'development',
    CONSENTRY_DATA_DIR: dataDir,
    CONSENTRY_LOG_LEVEL: 'warn',
    CONSENTRY_PORT: String(hostPort),
    CONSENTRY_OIDC_PATIENT_ISSUER: patients.issuer,
    CONSENTRY_OIDC_PATIENT_CLIENT_ID: 'consentry-patients',
    CONSENTRY_OIDC_PATIENT_PRIVATE_KEY_FILE: keyFile,
    CONSENTRY_OIDC_PATIENT_KEY_ID: 'consentry-1',
    CONSENTRY_OIDC_STAFF_ISSUER: staff.issuer,
    CONSENTRY_OIDC_STAFF_CLIENT_ID: 'consentry-staff',
    CONSENTRY_OIDC_STAFF_CLIENT_SECRET: STAFF_SECRET,
    CONSENTRY_OIDC_STAFF_ROLES:
      'R8000=organisation-staff,R8008=practice-staff,R8013=privacy-officer',
    // NHS login and CIS2 only, as in production.
    CONSENTRY_LOCAL_SIGN_IN: 'off',
  };
  const seeded = spawnSync('node', [bin, 'demo'], { env, encoding: 'utf8' });
  assert.equal(seeded.status, 0, seeded.stderr);
  child = spawn('node', [bin, 'serve'], { env });
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      if (/running at http/.test(output)) resolve();
    });
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`consentry serve exited ${code}: ${output}`)));
  });
});

after(async () => {
  if (child !== undefined) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await patients?.close();
  await staff?.close();
  if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Not signed in: the page sends the browser to the start (an anonymous session may exist). */
const signedOut = async (agent, page) => {
  const answer = await agent.request(`${host}${page}`);
  assert.equal(answer.status, 302);
  assert.equal(answer.location.pathname, '/');
};

describe('patients sign in with an NHS login–shaped provider', () => {
  test('Alice signs in, reaches her own page, and signing out signs her out of the provider too', async () => {
    const agent = new Agent();
    const callback = await throughProvider(agent, host, 'patient', 'alice');
    assert.ok(callback.searchParams.get('code'));
    const landed = await agent.request(callback.href);
    assert.equal(landed.status, 200);
    assert.match(landed.body, /<meta http-equiv="refresh" content="0;url=\/patient">/);
    assert.equal(landed.headers.get('cache-control'), 'no-store');
    const home = await agent.request(`${host}/patient`);
    assert.equal(home.status, 200);
    assert.match(home.body, /Alice Smith/);

    const form = await agent.request(`${host}/sign-out`);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)[1];
    const out = await agent.request(`${host}/sign-out`, { method: 'POST', form: { _csrf: token } });
    assert.equal(out.status, 200);
    const next = new URL(
      /<meta http-equiv="refresh" content="0;url=([^"]+)">/
        .exec(out.body)[1]
        .replaceAll('&amp;', '&'),
    );
    assert.equal(`${next.origin}${next.pathname}`, `${patients.issuer}/session/end`);
    assert.equal(next.searchParams.get('client_id'), 'consentry-patients');
    assert.equal(next.searchParams.get('post_logout_redirect_uri'), `${host}/`);
    await signedOut(agent, '/patient');
    // The provider asks the person to confirm (its own page), then sends them to the start.
    const confirm = await agent.request(next.href);
    assert.equal(confirm.status, 200);
    assert.match(confirm.body, /Do you want to sign-out/);
  });

  test('a person NHS login knows but Consentry does not is told so, and is not signed in', async () => {
    const agent = new Agent();
    const answer = await agent.request(
      (await throughProvider(agent, host, 'patient', 'stranger')).href,
    );
    assert.equal(answer.status, 404);
    assert.match(answer.body, /We could not find you in Consentry/);
    await signedOut(agent, '/patient');
  });

  test('a sign-in that does not share the NHS number is refused', async () => {
    const agent = new Agent();
    const answer = await agent.request(
      (await throughProvider(agent, host, 'patient', 'no-number')).href,
    );
    assert.equal(answer.status, 403);
    assert.match(answer.body, /did not give your NHS number/);
    await signedOut(agent, '/patient');
  });
});

describe('staff sign in with a CIS2-shaped provider', () => {
  test('a clinician of a registered hospital acts as its organisation staff', async () => {
    const agent = new Agent();
    const landed = await agent.request(
      (await throughProvider(agent, host, 'staff', 'dr-cornwall')).href,
    );
    assert.equal(landed.status, 200);
    assert.match(landed.body, /url=\/organisation"/);
    assert.equal((await agent.request(`${host}/organisation`)).status, 200);
    // Not practice staff: the practice pages refuse.
    assert.equal((await agent.request(`${host}/practice`)).status, 403);
  });

  test('the first role the configuration maps is used: practice staff of the practice', async () => {
    const agent = new Agent();
    const landed = await agent.request(
      (await throughProvider(agent, host, 'staff', 'pm-wigston')).href,
    );
    assert.match(landed.body, /url=\/practice"/);
    const practice = await agent.request(`${host}/practice`);
    assert.equal(practice.status, 200);
    assert.equal((await agent.request(`${host}/organisation`)).status, 403);
  });

  test('with the local forms off, there is no password sign-in to try', async () => {
    const agent = new Agent();
    const page = await agent.request(`${host}/staff/sign-in`);
    assert.match(page.body, /href="\/oidc\/staff\/start"/);
    assert.doesNotMatch(page.body, /name="password"/);
    const token = /name="_csrf" value="([^"]+)"/.exec(
      (await agent.request(`${host}/sign-out`)).body,
    )[1];
    const post = await agent.request(`${host}/staff/sign-in`, {
      method: 'POST',
      form: { _csrf: token, username: 'cornwall', password: 'demo-password-1' },
    });
    assert.equal(post.status, 404);
    await signedOut(agent, '/organisation');
  });
});

describe('attacks on the sign-in', () => {
  test('a callback whose state was changed is refused', async () => {
    const agent = new Agent();
    const callback = await throughProvider(agent, host, 'patient', 'alice');
    callback.searchParams.set('state', 'forged-state-of-another-sign-in');
    const answer = await agent.request(callback.href);
    assert.equal(answer.status, 401);
    assert.match(answer.body, /We could not sign you in/);
    await signedOut(agent, '/patient');
  });

  test('a callback with no sign-in started in this browser is refused (login CSRF)', async () => {
    const victim = new Agent();
    const attacker = new Agent();
    const attackersCallback = await throughProvider(attacker, host, 'patient', 'stranger');
    const answer = await victim.request(attackersCallback.href);
    assert.equal(answer.status, 400);
    await signedOut(victim, '/patient');
  });

  test('a code replayed with the same transaction cookie is refused by the provider', async () => {
    const agent = new Agent();
    const callback = await throughProvider(agent, host, 'patient', 'alice');
    const hostJar = new Map(agent.jar.get(new URL(host).host));
    assert.equal((await agent.request(callback.href)).status, 200);
    const replay = new Agent();
    replay.jar.set(new URL(host).host, hostJar);
    const answer = await replay.request(callback.href);
    assert.equal(answer.status, 401);
    await signedOut(replay, '/patient');
  });

  test('an ID token made for another client (wrong audience) is refused', async () => {
    patients.control.tamper = (body) => ({
      ...body,
      id_token: patients.resign(body.id_token, { aud: 'another-service', azp: 'another-service' }),
    });
    try {
      const agent = new Agent();
      const answer = await agent.request(
        (await throughProvider(agent, host, 'patient', 'alice')).href,
      );
      assert.equal(answer.status, 401);
      await signedOut(agent, '/patient');
    } finally {
      patients.control.tamper = null;
    }
  });

  test('an expired ID token is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    patients.control.tamper = (body) => ({
      ...body,
      id_token: patients.resign(body.id_token, { iat: now - 1200, exp: now - 600 }),
    });
    try {
      const agent = new Agent();
      const answer = await agent.request(
        (await throughProvider(agent, host, 'patient', 'alice')).href,
      );
      assert.equal(answer.status, 401);
      await signedOut(agent, '/patient');
    } finally {
      patients.control.tamper = null;
    }
  });

  test('an ID token whose claims were changed after signing is refused', async () => {
    patients.control.tamper = (body) => {
      const [header, , signature] = body.id_token.split('.');
      const claims = { ...patients.payloadOf(body.id_token), sub: 'stranger' };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { ...body, id_token: `${header}.${payload}.${signature}` };
    };
    try {
      const agent = new Agent();
      const answer = await agent.request(
        (await throughProvider(agent, host, 'patient', 'alice')).href,
      );
      assert.equal(answer.status, 401);
      await signedOut(agent, '/patient');
    } finally {
      patients.control.tamper = null;
    }
  });

  test('staff of an organisation not registered in Consentry are refused', async () => {
    const agent = new Agent();
    const answer = await agent.request(
      (await throughProvider(agent, host, 'staff', 'dr-nowhere')).href,
    );
    assert.equal(answer.status, 403);
    assert.match(answer.body, /Your organisation is not registered in Consentry/);
    await signedOut(agent, '/organisation');
  });

  test('staff whose roles the configuration does not map are refused', async () => {
    for (const login of ['receptionist', 'pm-at-hospital']) {
      const agent = new Agent();
      const answer = await agent.request((await throughProvider(agent, host, 'staff', login)).href);
      assert.equal(answer.status, 403, login);
      await signedOut(agent, '/organisation');
    }
  });
});

const CHROMIUM = '/usr/bin/chromium';
// Set to a folder to keep the pages the browser saw (the issue's note shows them).
const screenshots = process.env.CONSENTRY_OIDC_SCREENSHOTS;

describe('a real browser through the whole flow', { skip: !fs.existsSync(CHROMIUM) }, () => {
  let browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    if (screenshots !== undefined) fs.mkdirSync(screenshots, { recursive: true });
  });
  after(async () => await browser?.close());

  const shot = async (page, name) => {
    if (screenshots !== undefined)
      await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  };
  /** The provider's development login and consent pages, as a person fills them in. */
  const atProvider = async (page, login, name) => {
    await page.waitForSelector('input[name="login"]');
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'any password');
    await shot(page, `${name}-2-provider-login`);
    await page.click('button[type="submit"]');
    await page.waitForSelector('button[type="submit"]');
    await shot(page, `${name}-3-provider-consent`);
    await page.click('button[type="submit"]');
  };

  test('Alice: NHS login from the sign-in page to her own page, and out again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host}/patient/sign-in`);
    await shot(page, 'patient-1-sign-in');
    await page.click('text=Continue with NHS login');
    await atProvider(page, 'alice', 'patient');
    await page.waitForURL(`${host}/patient`);
    assert.match(await page.textContent('body'), /Alice Smith/);
    await shot(page, 'patient-4-home');
    await page.goto(`${host}/sign-out`);
    await page.click('form[action="/sign-out"] button');
    await page.waitForURL(/\/session\/end/);
    await shot(page, 'patient-5-provider-logout');
    await page.click('button[value="yes"]');
    await page.waitForURL(`${host}/`);
    assert.equal((await context.request.get(`${host}/patient`, { maxRedirects: 0 })).status(), 302);
    await context.close();
  });

  test('a Cornwall clinician: CIS2 to the organisation pages; an unregistered organisation is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host}/staff/sign-in`);
    await shot(page, 'staff-1-sign-in');
    await page.click('text=Sign in with your NHS smartcard (CIS2)');
    await atProvider(page, 'dr-cornwall', 'staff');
    await page.waitForURL(`${host}/organisation`);
    assert.match(await page.textContent('h1'), /Find a patient/);
    await shot(page, 'staff-4-organisation');
    await context.close();

    const other = await browser.newContext();
    const refused = await other.newPage();
    await refused.goto(`${host}/oidc/staff/start`);
    await atProvider(refused, 'dr-nowhere', 'unregistered');
    await refused.waitForURL(/\/oidc\/staff\/callback/);
    assert.match(
      await refused.textContent('h1'),
      /Your organisation is not registered in Consentry/,
    );
    await shot(refused, 'unregistered-4-refused');
    await other.close();
  });
});
