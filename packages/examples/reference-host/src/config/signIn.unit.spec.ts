import * as E from 'fp-ts/lib/Either.js';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeConfig } from './config.js';
import { openHost } from '../wiring/openHost.js';
import { createLogger } from '../logging.js';
import { decodeSignInSettings } from './signIn.js';

const development = { mode: 'development', host: '127.0.0.1', port: 3000 };
const production = { mode: 'production', host: '0.0.0.0', port: 3000 };
const patient = {
  CONSENTRY_OIDC_PATIENT_ISSUER: 'https://auth.sandpit.signin.nhs.uk',
  CONSENTRY_OIDC_PATIENT_CLIENT_ID: 'consentry',
  CONSENTRY_OIDC_PATIENT_CLIENT_SECRET: 'a secret',
};
const staff = {
  CONSENTRY_OIDC_STAFF_ISSUER:
    'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
  CONSENTRY_OIDC_STAFF_CLIENT_ID: 'consentry-staff',
  CONSENTRY_OIDC_STAFF_CLIENT_SECRET: 'another secret',
  CONSENTRY_OIDC_STAFF_ROLES: 'R8000=organisation-staff, S8000:G8000:R8008=practice-staff',
};

const settings = (env: Record<string, string>, host = development) => {
  const decoded = decodeSignInSettings(env, host);
  if (E.isLeft(decoded)) throw new Error(decoded.left.message);
  return decoded.right;
};
const error = (env: Record<string, string>, host = development) => {
  const decoded = decodeSignInSettings(env, host);
  if (E.isRight(decoded)) throw new Error('decoded');
  return decoded.left;
};

describe('sign-in settings', () => {
  it('local sign-in: on in development, off in production unless turned on on purpose', () => {
    expect(settings({}).local).toBe(true);
    expect(settings({}, production).local).toBe(false);
    expect(settings({ CONSENTRY_LOCAL_SIGN_IN: 'on' }, production).local).toBe(true);
    expect(settings({ CONSENTRY_LOCAL_SIGN_IN: 'off' }).local).toBe(false);
    expect(error({ CONSENTRY_LOCAL_SIGN_IN: 'yes' }).message).toBe(
      'CONSENTRY_LOCAL_SIGN_IN must be on or off',
    );
  });

  it('reads both providers and the role map', () => {
    const read = settings({ ...patient, ...staff }, production);
    expect(read.patient).toMatchObject({ clientId: 'consentry', scope: 'openid profile' });
    expect(read.patient?.issuer.href).toBe('https://auth.sandpit.signin.nhs.uk/');
    expect(read.staff?.scope).toBe('openid profile nationalrbacaccess');
    expect([...(read.staff?.roles ?? [])]).toEqual([
      ['R8000', 'organisation-staff'],
      ['S8000:G8000:R8008', 'practice-staff'],
    ]);
    expect(read.publicUrl.href).toBe('http://0.0.0.0:3000/');
  });

  it('names the missing or bad variable, never its value', () => {
    const { CONSENTRY_OIDC_PATIENT_CLIENT_SECRET: _, ...noSecret } = patient;
    expect(error(noSecret)).toMatchObject({
      variable: 'CONSENTRY_OIDC_PATIENT_CLIENT_SECRET',
      message:
        'set one of CONSENTRY_OIDC_PATIENT_CLIENT_SECRET or CONSENTRY_OIDC_PATIENT_PRIVATE_KEY_FILE (private_key_jwt)',
    });
    expect(
      error({ CONSENTRY_OIDC_STAFF_CLIENT_SECRET: 'a secret without the rest' }).variable,
    ).toBe('CONSENTRY_OIDC_STAFF_ISSUER');
    const { CONSENTRY_OIDC_STAFF_ROLES: __, ...noRoles } = staff;
    expect(error(noRoles).variable).toBe('CONSENTRY_OIDC_STAFF_ROLES');
    const badRole = error({ ...staff, CONSENTRY_OIDC_STAFF_ROLES: 'R8000=surgeon' });
    expect(badRole.variable).toBe('CONSENTRY_OIDC_STAFF_ROLES');
    expect(badRole.message).not.toContain('surgeon');
  });

  it('private_key_jwt: a PEM key file instead of the secret, read and checked at start', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const files: Record<string, string> = { '/keys/nhs-login.pem': pem, '/keys/broken.pem': 'x' };
    const readFile = (path: string): string => {
      if (files[path] === undefined) throw new Error('ENOENT');
      return files[path];
    };
    const { CONSENTRY_OIDC_PATIENT_CLIENT_SECRET: _, ...noSecret } = patient;
    const withKey = (file: string) => ({
      ...noSecret,
      CONSENTRY_OIDC_PATIENT_PRIVATE_KEY_FILE: file,
      CONSENTRY_OIDC_PATIENT_KEY_ID: 'key-2026',
    });
    const decoded = decodeSignInSettings(withKey('/keys/nhs-login.pem'), development, readFile);
    expect(E.isRight(decoded) && decoded.right.patient?.authentication).toEqual({
      method: 'private_key_jwt',
      privateKeyPem: pem,
      keyId: 'key-2026',
    });
    for (const file of ['/keys/broken.pem', '/keys/missing.pem']) {
      const refused = decodeSignInSettings(withKey(file), development, readFile);
      expect(E.isLeft(refused) && refused.left.variable).toBe(
        'CONSENTRY_OIDC_PATIENT_PRIVATE_KEY_FILE',
      );
    }
    const both = decodeSignInSettings(
      { ...withKey('/keys/nhs-login.pem'), CONSENTRY_OIDC_PATIENT_CLIENT_SECRET: 's' },
      development,
      readFile,
    );
    expect(E.isLeft(both)).toBe(true);
  });

  it('a provider over plain http only on this machine and only in development', () => {
    const local = { ...patient, CONSENTRY_OIDC_PATIENT_ISSUER: 'http://127.0.0.1:4000' };
    expect(settings(local).patient?.issuer.href).toBe('http://127.0.0.1:4000/');
    expect(error(local, production).variable).toBe('CONSENTRY_OIDC_PATIENT_ISSUER');
    expect(
      error({ ...patient, CONSENTRY_OIDC_PATIENT_ISSUER: 'http://login.example.org' }).variable,
    ).toBe('CONSENTRY_OIDC_PATIENT_ISSUER');
  });

  it('needs CONSENTRY_PUBLIC_URL for redirects when the port is picked at start', () => {
    expect(error(patient, { ...development, port: 0 }).variable).toBe('CONSENTRY_PUBLIC_URL');
    const behindProxy = settings(
      { ...patient, CONSENTRY_PUBLIC_URL: 'https://consent.example.nhs.uk/' },
      { ...production, port: 0 },
    );
    expect(behindProxy.publicUrl.href).toBe('https://consent.example.nhs.uk/');
  });

  it('reaches the app: decodeConfig reads them and openHost hands them on', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-signin-'));
    try {
      const config = decodeConfig({
        CONSENTRY_MODE: 'development',
        CONSENTRY_DATA_DIR: dataDir,
        ...patient,
      });
      if (E.isLeft(config)) throw new Error(config.left.message);
      expect(config.right.signIn?.patient?.clientId).toBe('consentry');
      const runtime = openHost(config.right, createLogger('silent'));
      if (E.isLeft(runtime)) throw new Error(runtime.left.message);
      expect(runtime.right.signIn).toBe(config.right.signIn);
      await runtime.right.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
