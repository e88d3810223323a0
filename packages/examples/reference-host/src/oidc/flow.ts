import { createPrivateKey, webcrypto } from 'node:crypto';
import type * as OpenIdClient from 'openid-client';
import type { OidcClientSettings } from '../config/signIn.js';

/**
 * openid-client 6 is an ES module only. The host loads it when a provider is first used, so
 * code that never signs anyone in with OpenID Connect (and the jest suites, which load the
 * host as CommonJS) never loads it.
 */
let loaded: Promise<typeof OpenIdClient> | undefined;
const openidClient = (): Promise<typeof OpenIdClient> => (loaded ??= import('openid-client'));

export type SignInKind = 'patient' | 'staff';

/** What the browser keeps between leaving for the provider and coming back (signed cookie). */
export interface Transaction {
  readonly kind: SignInKind;
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly expiresAt: number;
}

export interface OidcFlow {
  readonly kind: SignInKind;
  /** Where to send the browser, and what to remember until it comes back. */
  start(now: number): Promise<{ readonly url: URL; readonly transaction: Transaction }>;
  /**
   * Redeems the code in the callback: state, PKCE verifier and nonce must match the
   * transaction, and the ID token must pass every check (signature, issuer, audience, expiry).
   * Returns the ID token's claims with the userinfo claims under them.
   */
  complete(callback: URL, transaction: Transaction): Promise<Readonly<Record<string, unknown>>>;
  /** The provider's logout address, if it has one. */
  endSessionUrl(): Promise<URL | null>;
}

const TRANSACTION_MS = 10 * 60_000;

/** The token endpoint's client authentication: a secret, or a JWT signed with our key. */
const clientAuthentication = async (
  client: typeof OpenIdClient,
  authentication: OidcClientSettings['authentication'],
): Promise<OpenIdClient.ClientAuth> => {
  if (authentication.method === 'client_secret_basic')
    return client.ClientSecretBasic(authentication.secret);
  const key = createPrivateKey(authentication.privateKeyPem);
  const algorithm =
    key.asymmetricKeyType === 'ec'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const cryptoKey = await webcrypto.subtle.importKey(
    'pkcs8',
    key.export({ format: 'der', type: 'pkcs8' }),
    algorithm,
    false,
    ['sign'],
  );
  return client.PrivateKeyJwt(
    authentication.keyId === undefined ? cryptoKey : { key: cryptoKey, kid: authentication.keyId },
  );
};
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const oidcFlow = (
  kind: SignInKind,
  settings: OidcClientSettings,
  publicUrl: URL,
): OidcFlow => {
  const redirectUri = new URL(`oidc/${kind}/callback`, publicUrl).href;
  // Discovery is retried on the next sign-in if the provider could not be reached.
  let discovered: Promise<OpenIdClient.Configuration> | undefined;
  const configuration = (): Promise<OpenIdClient.Configuration> =>
    (discovered ??= (async () => {
      const client = await openidClient();
      // config.ts allows plain http only for a provider on this machine in development.
      const insecure =
        settings.issuer.protocol === 'http:' && LOOPBACK.has(settings.issuer.hostname);
      return client.discovery(
        settings.issuer,
        settings.clientId,
        { redirect_uris: [redirectUri], response_types: ['code'] },
        await clientAuthentication(client, settings.authentication),
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    })().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    }));

  return {
    kind,
    start: async (now) => {
      const client = await openidClient();
      const config = await configuration();
      const transaction: Transaction = {
        kind,
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        expiresAt: now + TRANSACTION_MS,
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scope,
        state: transaction.state,
        nonce: transaction.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
        code_challenge_method: 'S256',
      });
      return { url, transaction };
    },
    complete: async (callback, transaction) => {
      const client = await openidClient();
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined) throw new Error('no ID token');
      if (config.serverMetadata().userinfo_endpoint === undefined) return claims;
      const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      return { ...userInfo, ...claims };
    },
    endSessionUrl: async () => {
      const client = await openidClient();
      const config = await configuration();
      if (config.serverMetadata().end_session_endpoint === undefined) return null;
      return client.buildEndSessionUrl(config, {
        client_id: settings.clientId,
        post_logout_redirect_uri: publicUrl.href,
      });
    },
  };
};
