import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpProblem } from '../host/problem.js';
import { publicRoute } from '../security/access.js';
import { parseCookieHeader, serializeCookie, signValue, unsignValue } from '../security/cookies.js';
import type { RouteContext } from '../http/context.js';
import { homeOf } from '../http/forms.js';
import { patientFromClaims, staffFromClaims } from './claims.js';
import { oidcFlow, type OidcFlow, type SignInKind, type Transaction } from './flow.js';

export interface OidcSignIn {
  readonly local: boolean;
  readonly patient: OidcFlow | null;
  readonly staff: OidcFlow | null;
  /** Where to send a browser whose session just ended: the provider's logout, if it signed them in. */
  signOutUrl(request: FastifyRequest, reply: FastifyReply): Promise<string | null>;
}

const KINDS: readonly SignInKind[] = ['patient', 'staff'];
const TRANSACTION_SECONDS = 600;
const made = new WeakMap<object, OidcSignIn>();

/** The app's sign-in settings as flows (one per configured provider); made once per app. */
export const oidcSignInFor = (ctx: RouteContext): OidcSignIn => {
  const existing = made.get(ctx.sessions);
  if (existing !== undefined) return existing;
  const settings = ctx.signIn;
  const secure = ctx.sessions.cookieName.startsWith('__Host-');
  const cookieName = (name: string) => (secure ? `__Host-${name}` : name);
  const signedInWith = cookieName('consentry_signed_in_with');
  const flows = {
    patient: settings?.patient ? oidcFlow('patient', settings.patient, settings.publicUrl) : null,
    staff: settings?.staff ? oidcFlow('staff', settings.staff, settings.publicUrl) : null,
  };
  const signIn: OidcSignIn = {
    local: settings?.local ?? true,
    ...flows,
    signOutUrl: async (request, reply) => {
      const kind = parseCookieHeader(request.headers.cookie)[signedInWith];
      const flow = kind === 'patient' || kind === 'staff' ? flows[kind] : null;
      if (flow === null) return null;
      void reply.header('set-cookie', clearCookie(signedInWith, secure));
      try {
        return (await flow.endSessionUrl())?.href ?? null;
      } catch (error) {
        request.log.warn({ event: 'oidc-logout-unavailable', kind, err: error }, 'no logout URL');
        return null;
      }
    },
  };
  made.set(ctx.sessions, signIn);
  return signIn;
};

const cookieOptions = (secure: boolean, maxAgeSeconds?: number) => ({
  path: '/',
  httpOnly: true,
  secure,
  // Lax: the provider's redirect back is a cross-site navigation, which Strict cookies miss.
  sameSite: 'Lax' as const,
  ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
});
const clearCookie = (name: string, secure: boolean) =>
  serializeCookie(name, '', cookieOptions(secure, 0));

const readTransaction = (
  raw: string | undefined,
  secret: string,
  kind: SignInKind,
  now: number,
): Transaction | null => {
  const text = raw === undefined ? null : unsignValue(raw, secret);
  if (text === null) return null;
  try {
    const transaction = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Transaction;
    return transaction.kind === kind && transaction.expiresAt > now ? transaction : null;
  } catch {
    return null;
  }
};

/** `/oidc/{patient,staff}/start` and `/callback` for each configured provider. */
export const registerOidcSignIn = (app: FastifyInstance, ctx: RouteContext): void => {
  const signIn = oidcSignInFor(ctx);
  const secure = ctx.sessions.cookieName.startsWith('__Host-');
  const name = (base: string) => (secure ? `__Host-${base}` : base);
  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    title: string,
    detail: string,
  ) =>
    ctx.views.page(request, reply.code(status), 'error.njk', {
      problem: httpProblem(status, title, detail, {}),
    });

  for (const kind of KINDS) {
    const flow = signIn[kind];
    if (flow === null) continue;
    const transactionCookie = name(`consentry_oidc_${kind}`);

    app.get(`/oidc/${kind}/start`, { config: { access: publicRoute } }, async (request, reply) => {
      let started;
      try {
        started = await flow.start(ctx.now().getTime());
      } catch (error) {
        request.log.warn({ event: 'oidc-provider-unavailable', kind, err: error }, 'no provider');
        return refuse(request, reply, 503, 'Sorry, sign-in is not working', 'Try again later.');
      }
      const value = Buffer.from(JSON.stringify(started.transaction)).toString('base64url');
      void reply.header(
        'set-cookie',
        serializeCookie(
          transactionCookie,
          signValue(value, ctx.cookieSecret),
          cookieOptions(secure, TRANSACTION_SECONDS),
        ),
      );
      return reply.redirect(started.url.href, 303);
    });

    app.get(
      `/oidc/${kind}/callback`,
      { config: { access: publicRoute } },
      async (request, reply) => {
        // One use: the transaction cookie goes whatever happens next.
        void reply.header('set-cookie', clearCookie(transactionCookie, secure));
        const transaction = readTransaction(
          parseCookieHeader(request.headers.cookie)[transactionCookie],
          ctx.cookieSecret,
          kind,
          ctx.now().getTime(),
        );
        if (transaction === null)
          return refuse(
            request,
            reply,
            400,
            'This sign-in has expired',
            'This sign-in was started too long ago, in another browser, or was already used. Start again.',
          );
        let claims: Readonly<Record<string, unknown>>;
        try {
          claims = await flow.complete(new URL(request.url, ctx.signIn!.publicUrl), transaction);
        } catch (error) {
          // The error's code names the check that failed (state, nonce, audience, expiry, …).
          const reason = (error as { code?: unknown }).code ?? (error as Error).name;
          request.log.info({ event: 'oidc-sign-in-refused', kind, reason }, 'oidc sign-in refused');
          return refuse(
            request,
            reply,
            401,
            'We could not sign you in',
            'We could not confirm who you are with the sign-in service. Start again.',
          );
        }
        const outcome =
          kind === 'patient'
            ? await patientFromClaims(ctx.consentry, claims)
            : await staffFromClaims(ctx.consentry, ctx.signIn!.staff!, claims);
        if (!outcome.ok) {
          request.log.info(
            { event: 'oidc-sign-in-refused', kind, reason: outcome.reason },
            'oidc sign-in refused',
          );
          return refuse(request, reply, outcome.status, outcome.title, outcome.detail);
        }
        ctx.sessions.rotate(request, reply, {
          principal: outcome.principal,
          pending: null,
          formTokens: [],
          flash: null,
        });
        void reply.header(
          'set-cookie',
          serializeCookie(name('consentry_signed_in_with'), kind, cookieOptions(secure)),
        );
        request.log.info(
          { event: 'oidc-signed-in', kind, as: outcome.principal.kind },
          'signed in',
        );
        return ctx.views.page(request, reply, 'oidc-continue.njk', {
          href: homeOf(outcome.principal),
        });
      },
    );
  }
};
