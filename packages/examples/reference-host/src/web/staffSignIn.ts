import type { FastifyInstance } from 'fastify';
import { decoyHash, verifyPassword } from '../security/passwords.js';
import { publicRoute } from '../security/access.js';
import type { Principal } from '../host/principal.js';
import type { StaffAccount } from '../host/hostDb.js';
import type { RouteContext } from '../http/context.js';
import { formOf, homeOf } from '../http/forms.js';
import { signInThrottleFor, waitMessage } from './signInThrottling.js';
import { oidcSignInFor } from '../oidc/routes.js';

const MAX_FIELD = 200;

/** The signed-in person an enabled account becomes; `null` for a role the pages do not serve yet. */
export const principalOfAccount = (account: StaffAccount): Principal | null => {
  switch (account.role) {
    case 'organisation-staff':
    case 'practice-staff':
    case 'privacy-officer':
      return account.organisationId === null
        ? null
        : {
            kind: account.role,
            accountId: account.username,
            organisationId: account.organisationId,
          };
    case 'auditor':
      return { kind: 'auditor', accountId: account.username };
  }
};

/** The start page, staff sign-in (user name and scrypt-hashed password) and sign-out. */
export const registerStaffSignIn = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions, hostDb } = ctx;
  const attempts = { rateLimit: { max: ctx.limits.attemptsPerMinute, timeWindow: 60_000 } };
  const throttle = signInThrottleFor(ctx);

  app.get('/', { config: { access: publicRoute } }, (request, reply) =>
    views.page(request, reply, 'index.njk', { homeHref: homeOf(request.principal) }),
  );

  const signIn = oidcSignInFor(ctx);
  const choices = { localSignIn: signIn.local, oidcStaff: signIn.staff !== null };
  app.get('/staff/sign-in', { config: { access: publicRoute } }, (request, reply) =>
    views.page(request, reply, 'staff-sign-in.njk', { values: {}, ...choices }),
  );

  // Off in production unless CONSENTRY_LOCAL_SIGN_IN=on (config/signIn.ts).
  if (signIn.local)
    app.post(
      '/staff/sign-in',
      { config: { access: publicRoute, ...attempts } },
      async (request, reply) => {
        const form = formOf(request);
        const username = (form['username'] ?? '').trim().slice(0, MAX_FIELD);
        const password = (form['password'] ?? '').slice(0, MAX_FIELD);
        const accountKey = `staff:${username.toLowerCase()}`;
        const admission = await throttle.admit(request, accountKey);
        if (!admission.admitted) {
          request.log.info({ event: 'staff-sign-in-slowed' }, 'staff sign-in slowed');
          return views.page(
            request,
            reply.code(429).header('retry-after', String(admission.retryAfterSeconds)),
            'staff-sign-in.njk',
            {
              values: { username },
              ...choices,
              errors: [{ field: 'username', message: waitMessage(admission.retryAfterSeconds) }],
            },
          );
        }
        const account = username === '' ? undefined : await hostDb.findAccount(username);
        // Unknown names cost a full hash too, so timing does not reveal which accounts exist.
        const matches = await verifyPassword(
          password,
          account?.passwordHash ?? (await decoyHash()),
        );
        if (account === undefined || !matches) {
          await throttle.failed(admission);
          request.log.info({ event: 'staff-sign-in-refused' }, 'staff sign-in refused');
          return views.page(request, reply.code(401), 'staff-sign-in.njk', {
            values: { username },
            ...choices,
            errors: [{ field: 'username', message: 'The user name or password is not right' }],
          });
        }
        const principal = principalOfAccount(account);
        if (principal === null) {
          request.log.info(
            { event: 'staff-sign-in-refused', role: account.role },
            'role has no pages',
          );
          return views.page(request, reply.code(403), 'staff-sign-in.njk', {
            values: { username },
            ...choices,
            errors: [{ field: 'username', message: 'This account’s role has no pages here yet' }],
          });
        }
        await throttle.succeeded(request, reply, accountKey);
        sessions.rotate(request, reply, { principal, pending: null, formTokens: [], flash: null });
        request.log.info({ event: 'staff-signed-in', role: account.role }, 'staff signed in');
        return reply.redirect(homeOf(principal), 303);
      },
    );

  app.get('/sign-out', { config: { access: publicRoute } }, (request, reply) =>
    views.page(request, reply, 'sign-out.njk'),
  );
  app.post('/sign-out', { config: { access: publicRoute } }, async (request, reply) => {
    sessions.destroy(request, reply);
    // Signed in by a provider: sign out there too (it sends the browser back to the start).
    // A page, not a redirect: CSP form-action 'self' would stop the post going on to it.
    const provider = await signIn.signOutUrl(request, reply);
    return provider === null
      ? reply.redirect('/', 303)
      : views.page(request, reply, 'oidc-continue.njk', {
          heading: 'Signing you out',
          href: provider,
        });
  });
};
