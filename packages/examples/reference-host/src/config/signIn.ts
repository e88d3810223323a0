import * as E from 'fp-ts/lib/Either.js';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { STAFF_ROLES, type StaffAccountRole } from '../host/accountTables.js';

/** One OpenID Connect client registration: NHS login for patients, or CIS2 for staff. */
export interface OidcClientSettings {
  readonly issuer: URL;
  readonly clientId: string;
  /** How the host proves it is this client at the token endpoint. */
  readonly authentication:
    | { readonly method: 'client_secret_basic'; readonly secret: string }
    | {
        readonly method: 'private_key_jwt';
        /** PKCS #8 PEM of an RSA or P-256 key; its public half is registered with the provider. */
        readonly privateKeyPem: string;
        readonly keyId: string | undefined;
      };
  readonly scope: string;
}

export interface StaffOidcSettings extends OidcClientSettings {
  /** CIS2 role codes (a whole `S…:G…:R…` code, or its `R…` part) and the Consentry role each maps to. */
  readonly roles: ReadonlyMap<string, StaffAccountRole>;
}

/** How people sign in: the local forms, and/or OpenID Connect providers. */
export interface SignInSettings {
  /** The NHS number/date of birth/code and user name/password forms. */
  readonly local: boolean;
  /** The address browsers reach this host at: redirect URIs are built from it. */
  readonly publicUrl: URL;
  readonly patient: OidcClientSettings | null;
  readonly staff: StaffOidcSettings | null;
}

/** The same shape as config.ts's ConfigError (kept apart so neither file imports the other). */
export interface SignInConfigError {
  readonly _tag: 'ConfigError';
  readonly variable: string;
  readonly message: string;
}

type Env = Readonly<Record<string, string | undefined>>;
const fail = (variable: string, message: string): E.Either<SignInConfigError, never> =>
  E.left({ _tag: 'ConfigError', variable, message });
const value = (env: Env, name: string): string | undefined => {
  const text = env[name]?.trim();
  return text === undefined || text === '' ? undefined : text;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An https URL; plain http only for a provider on this machine, in development. */
const url = (
  name: string,
  text: string,
  development: boolean,
): E.Either<SignInConfigError, URL> => {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return fail(name, `${name} must be a URL, like https://auth.login.nhs.uk`);
  }
  if (parsed.protocol === 'https:') return E.right(parsed);
  if (parsed.protocol === 'http:' && development && LOOPBACK.has(parsed.hostname))
    return E.right(parsed);
  return fail(
    name,
    `${name} must be an https:// URL (http:// only on 127.0.0.1 or localhost in development)`,
  );
};

const decodeRoles = (text: string): E.Either<SignInConfigError, Map<string, StaffAccountRole>> => {
  const name = 'CONSENTRY_OIDC_STAFF_ROLES';
  const roles = new Map<string, StaffAccountRole>();
  for (const entry of text.split(',')) {
    const [code, role] = entry.split('=').map((part) => part.trim());
    if (
      !code ||
      !/^[A-Za-z0-9:]{1,64}$/.test(code) ||
      !(STAFF_ROLES as readonly string[]).includes(role ?? '')
    )
      return fail(
        name,
        `${name} must be role-code=role pairs separated by commas, like R8000=organisation-staff,R8008=practice-staff; roles: ${STAFF_ROLES.join(', ')}`,
      );
    roles.set(code, role as StaffAccountRole);
  }
  return E.right(roles);
};

/** The client secret, or a private key file for private_key_jwt (NHS login's method): one of them. */
const decodeAuthentication = (
  env: Env,
  prefix: string,
  readFile: (path: string) => string,
): E.Either<SignInConfigError, OidcClientSettings['authentication']> => {
  const secret = value(env, `${prefix}CLIENT_SECRET`);
  const keyFile = value(env, `${prefix}PRIVATE_KEY_FILE`);
  if ((secret === undefined) === (keyFile === undefined))
    return fail(
      `${prefix}CLIENT_SECRET`,
      `set one of ${prefix}CLIENT_SECRET or ${prefix}PRIVATE_KEY_FILE (private_key_jwt)`,
    );
  if (secret !== undefined) return E.right({ method: 'client_secret_basic', secret });
  let privateKeyPem: string;
  try {
    privateKeyPem = readFile(keyFile!);
    createPrivateKey(privateKeyPem);
  } catch {
    return fail(
      `${prefix}PRIVATE_KEY_FILE`,
      `${prefix}PRIVATE_KEY_FILE must name a readable PEM private key (PKCS #8, RSA or P-256)`,
    );
  }
  return E.right({
    method: 'private_key_jwt',
    privateKeyPem,
    keyId: value(env, `${prefix}KEY_ID`),
  });
};

/** One provider's variables: all unset (not used), or issuer, client id and a secret or key set. */
const decodeClient = (
  env: Env,
  who: 'PATIENT' | 'STAFF',
  defaultScope: string,
  development: boolean,
  readFile: (path: string) => string,
): E.Either<SignInConfigError, OidcClientSettings | null> => {
  const prefix = `CONSENTRY_OIDC_${who}_`;
  const issuer = value(env, `${prefix}ISSUER`);
  const clientId = value(env, `${prefix}CLIENT_ID`);
  const credentials = ['CLIENT_SECRET', 'PRIVATE_KEY_FILE'].map((n) => value(env, prefix + n));
  if (issuer === undefined && clientId === undefined && credentials.every((c) => c === undefined))
    return E.right(null);
  for (const [name, given] of [
    ['ISSUER', issuer],
    ['CLIENT_ID', clientId],
  ] as const)
    if (given === undefined)
      return fail(
        `${prefix}${name}`,
        `${prefix}${name} is required with the other ${prefix}* variables`,
      );
  const parsed = url(`${prefix}ISSUER`, issuer!, development);
  if (E.isLeft(parsed)) return parsed;
  return E.map((authentication: OidcClientSettings['authentication']) => ({
    issuer: parsed.right,
    clientId: clientId!,
    authentication,
    scope: value(env, `${prefix}SCOPE`) ?? defaultScope,
  }))(decodeAuthentication(env, prefix, readFile));
};

const decodeStaff = (
  env: Env,
  development: boolean,
  readFile: (path: string) => string,
): E.Either<SignInConfigError, StaffOidcSettings | null> => {
  const client = decodeClient(
    env,
    'STAFF',
    'openid profile nationalrbacaccess',
    development,
    readFile,
  );
  if (E.isLeft(client) || client.right === null) return client as E.Either<SignInConfigError, null>;
  const rolesText = value(env, 'CONSENTRY_OIDC_STAFF_ROLES');
  if (rolesText === undefined)
    return fail(
      'CONSENTRY_OIDC_STAFF_ROLES',
      'CONSENTRY_OIDC_STAFF_ROLES is required with CONSENTRY_OIDC_STAFF_ISSUER: which CIS2 role codes map to which role, like R8000=organisation-staff',
    );
  const settings = client.right;
  return E.map((roles: Map<string, StaffAccountRole>) => ({ ...settings, roles }))(
    decodeRoles(rolesText),
  );
};

const decodePublicUrl = (
  env: Env,
  host: { readonly host: string; readonly port: number },
  oidcUsed: boolean,
): E.Either<SignInConfigError, URL> => {
  const text = value(env, 'CONSENTRY_PUBLIC_URL');
  if (text !== undefined) return url('CONSENTRY_PUBLIC_URL', text, true);
  if (oidcUsed && host.port === 0)
    return fail(
      'CONSENTRY_PUBLIC_URL',
      'CONSENTRY_PUBLIC_URL is required with OpenID Connect when CONSENTRY_PORT is 0: the providers need the redirect address',
    );
  const name = host.host.includes(':') ? `[${host.host}]` : host.host;
  return E.right(new URL(`http://${name}:${host.port}/`));
};

/**
 * Reads the sign-in settings. The local forms are on in development and off in production
 * unless CONSENTRY_LOCAL_SIGN_IN=on says so on purpose.
 */
export const decodeSignInSettings = (
  env: Env,
  host: { readonly mode: string; readonly host: string; readonly port: number },
  readFile: (path: string) => string = (path) => fs.readFileSync(path, 'utf8'),
): E.Either<SignInConfigError, SignInSettings> => {
  const development = host.mode !== 'production';
  const localText = value(env, 'CONSENTRY_LOCAL_SIGN_IN');
  if (localText !== undefined && localText !== 'on' && localText !== 'off')
    return fail('CONSENTRY_LOCAL_SIGN_IN', 'CONSENTRY_LOCAL_SIGN_IN must be on or off');
  const local = localText === undefined ? development : localText === 'on';
  const patient = decodeClient(env, 'PATIENT', 'openid profile', development, readFile);
  if (E.isLeft(patient)) return patient;
  const staff = decodeStaff(env, development, readFile);
  if (E.isLeft(staff)) return staff;
  const publicUrl = decodePublicUrl(env, host, patient.right !== null || staff.right !== null);
  if (E.isLeft(publicUrl)) return publicUrl;
  return E.right({ local, publicUrl: publicUrl.right, patient: patient.right, staff: staff.right });
};
