// Test OpenID Connect providers (oidc-provider 9, an ES module only) for the node:test suite
// oidc/oidcSignIn.test.js: an NHS login–shaped one for patients (nhs_number from userinfo) and
// a CIS2-shaped one for staff (nhsid_nrbac_roles: organisation ODS code and role code).
import crypto from 'node:crypto';
import net from 'node:net';
import Provider from 'oidc-provider';

/** A free port on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unb64 = (text) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));

/**
 * Starts a provider on 127.0.0.1. `accounts` maps a login to its claims; `clients` are
 * registered as given. `tamper(body)` may rewrite each token response (attack tests), and
 * `resign(idToken, changes)` re-signs an ID token with the provider's own key.
 */
export const startProvider = async ({ port, accounts, clients, claims }) => {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: `test-${port}`,
    alg: 'RS256',
    use: 'sig',
  };
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], ...claims },
    scopes: ['openid', ...Object.keys(claims)],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, id) =>
      accounts[id] === undefined
        ? undefined
        : { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) },
  });
  // devInteractions warns on every start; the tests know.
  provider.on('server_error', () => undefined);
  const control = { tamper: null };
  provider.use(async (ctx, next) => {
    await next();
    if (
      ctx.path === '/token' &&
      control.tamper !== null &&
      ctx.status === 200 &&
      ctx.body?.id_token
    )
      ctx.body = control.tamper(ctx.body);
  });
  const server = provider.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const resign = (idToken, changes) => {
    const [header, payload] = idToken.split('.');
    const body = `${header}.${b64({ ...unb64(payload), ...changes })}`;
    const signature = crypto.sign('sha256', Buffer.from(body), privateKey).toString('base64url');
    return `${body}.${signature}`;
  };
  return {
    issuer,
    control,
    resign,
    payloadOf: (idToken) => unb64(idToken.split('.')[1]),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
};
