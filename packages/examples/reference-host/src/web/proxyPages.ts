import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NhsNumber, OrganisationId, ProxyId, type ProxiesView } from '@consentry/core';
import { publicRoute, role } from '../security/access.js';
import { contextOf } from '../http/commandContext.js';
import {
  afterWrongCode,
  pendingCodeMatches,
  sendSignInCode,
  spendCodeTry,
  TOO_MANY_WRONG_CODES,
} from '../security/signInCode.js';
import type { RouteContext } from '../http/context.js';
import { organisationNames, run } from './common.js';
import { formOf } from '../http/forms.js';
import { signInThrottleFor, waitMessage } from './signInThrottling.js';

const CODE_TTL_MS = 10 * 60_000;
const MAX_CODES_PER_WINDOW = 3;
const CODE_WINDOW_MS = 15 * 60_000;
const NOT_FOUND =
  'We could not find you as acting for this patient. Check your proxy id and their NHS number.';
const proxyOnly = role(['proxy']);

type Grant = ProxiesView['proxies'][number];

/** The proxy's grant for this patient, in force now; undefined otherwise (core decides "in force"). */
const grantOf = async (ctx: RouteContext, patientId: string, proxyId: string) => {
  const view = await ctx.consentry.proxies({ patientId })();
  return view._tag === 'Right'
    ? view.right.proxies.find((g) => g.proxyId === proxyId && g.inForce)
    : undefined;
};

/** The proxy's own address: never the patient's (a proxy is a person of their own). */
const proxyChannel = (grant: Grant): { channel: 'sms' | 'email'; to: string } | null =>
  grant.mobile !== undefined
    ? { channel: 'sms', to: grant.mobile }
    : grant.email !== undefined
      ? { channel: 'email', to: grant.email }
      : null;

/**
 * Proxies (docs/reference-host.md, "Proxies"): a parent, carer or attorney signs in as
 * themself — their proxy id, the NHS number of the patient they act for, and a code sent to
 * their own mobile or e-mail — then acts for that patient only. Every page says who they are
 * acting for; what they may do is core's to decide (scope, dates, the 16th birthday).
 */
export const registerProxyPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;
  const throttle = signInThrottleFor(ctx);
  const attempts = { rateLimit: { max: ctx.limits.attemptsPerMinute, timeWindow: 60_000 } };
  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: object,
    message: string,
    status = 400,
  ) =>
    views.page(request, reply.code(status), 'proxy/sign-in.njk', {
      values,
      errors: [{ field: 'proxyId', message }],
    });

  app.get('/proxy/sign-in', { config: { access: publicRoute } }, (request, reply) =>
    views.page(request, reply, 'proxy/sign-in.njk', { values: {} }),
  );

  app.post(
    '/proxy/sign-in',
    { config: { access: publicRoute, ...attempts } },
    async (request, reply) => {
      const form = formOf(request);
      const values = {
        proxyId: (form['proxyId'] ?? '').slice(0, 64),
        nhsNumber: (form['nhsNumber'] ?? '').slice(0, 20),
      };
      const proxyId = ProxyId.decode(form['proxyId'] ?? '');
      const nhsNumber = NhsNumber.decode(form['nhsNumber'] ?? '');
      if (proxyId._tag === 'Left' || nhsNumber._tag === 'Left')
        return refuse(request, reply, values, 'Enter your proxy id and the patient’s NHS number');
      // Slowed per proxy, known or not, so the answer says nothing about who is a proxy.
      const admission = await throttle.admit(request, `proxy:${proxyId.right}`);
      if (!admission.admitted) {
        void reply.header('retry-after', String(admission.retryAfterSeconds));
        return refuse(request, reply, values, waitMessage(admission.retryAfterSeconds), 429);
      }
      const patient = await ctx.consentry.findPatientByNhsNumber({ nhsNumber: nhsNumber.right })();
      const grant =
        patient._tag === 'Right'
          ? await grantOf(ctx, patient.right.patientId, proxyId.right)
          : undefined;
      const destination = grant === undefined ? null : proxyChannel(grant);
      if (patient._tag === 'Left' || destination === null) {
        await throttle.failed(admission);
        return refuse(request, reply, values, NOT_FOUND, 401);
      }
      const now = ctx.now().getTime();
      if (
        (await ctx.hostDb.recordSignInCodeSent(`proxy/${proxyId.right}`, now, CODE_WINDOW_MS)) >
        MAX_CODES_PER_WINDOW
      )
        return refuse(
          request,
          reply,
          values,
          'We have sent you several codes already. Wait 15 minutes.',
          429,
        );
      const sent = await sendSignInCode(ctx.keyring, ctx.notifier, destination);
      if ('failed' in sent)
        return refuse(
          request,
          reply,
          values,
          'We could not send you a code just now. Try again later.',
          503,
        );
      const pending = {
        patientId: patient.right.patientId,
        proxyId: proxyId.right,
        ...sent.sent,
        attempts: 0,
        expiresAt: now + CODE_TTL_MS,
      };
      sessions.rotate(request, reply, { principal: null, pending, formTokens: [], flash: null });
      request.log.info(
        { event: 'proxy-sign-in-code-sent', channel: destination.channel },
        'sign-in code sent',
      );
      return reply.redirect('/proxy/sign-in/code', 303);
    },
  );

  app.get('/proxy/sign-in/code', { config: { access: publicRoute } }, (request, reply) =>
    request.session.data.pending?.proxyId === undefined
      ? reply.redirect('/proxy/sign-in', 303)
      : views.page(request, reply, 'proxy/sign-in-code.njk', {}),
  );

  app.post(
    '/proxy/sign-in/code',
    { config: { access: publicRoute, ...attempts } },
    async (request, reply) => {
      const pending = request.session.data.pending;
      const page = (message: string, status: number) =>
        views.page(request, reply.code(status), 'proxy/sign-in-code.njk', {
          errors: [{ field: 'code', message }],
        });
      if (pending?.proxyId === undefined || pending.expiresAt <= ctx.now().getTime()) {
        sessions.save(request, reply, { ...request.session.data, pending: null });
        return page(
          'This code has expired or was already used. Go back and ask for a new code.',
          410,
        );
      }
      // The try is counted first, across hosts: tries sent at once cannot share one count.
      const tried = await spendCodeTry(ctx.hostDb, pending, ctx.now().getTime());
      if (tried === null) {
        sessions.save(request, reply, { ...request.session.data, pending: null });
        return page(TOO_MANY_WRONG_CODES, 409);
      }
      if (pendingCodeMatches(ctx.keyring, pending, formOf(request)['code'])) {
        await throttle.succeeded(request, reply, `proxy:${pending.proxyId}`);
        sessions.rotate(request, reply, {
          principal: { kind: 'proxy', proxyId: pending.proxyId, patientId: pending.patientId },
          pending: null,
          formTokens: [],
          flash: null,
        });
        request.log.info({ event: 'proxy-signed-in' }, 'proxy signed in');
        return reply.redirect('/proxy', 303);
      }
      const wrong = afterWrongCode(tried);
      sessions.save(request, reply, { ...request.session.data, pending: wrong.next });
      return page(wrong.message, wrong.status);
    },
  );

  registerActingPages(app, ctx);
};

/** The signed-in proxy and the patient they act for (the session names both). */
const actingFor = (request: FastifyRequest) => {
  const principal = request.principal;
  if (principal?.kind !== 'proxy') throw new Error('proxyOnly rule let a non-proxy through');
  return principal;
};

const registerActingPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;

  app.get('/proxy', { config: { access: proxyOnly } }, async (request, reply) => {
    const principal = actingFor(request);
    const patientId = principal.patientId;
    const [patient, names, grant, history] = await Promise.all([
      run(ctx.consentry.patient({ patientId })),
      organisationNames(ctx),
      grantOf(ctx, patientId, principal.proxyId),
      ctx.consentry.accessHistory({ patientId })(),
    ]);
    const organisations = await run(ctx.consentry.organisations());
    const open = await Promise.all(
      organisations.map((o) =>
        run(ctx.consentry.openChallenges({ organisationId: o.organisationId })),
      ),
    );
    const pending = open
      .flat()
      .filter((c) => c.patientId === patientId)
      .map((c) => ({
        organisationId: c.organisationId,
        name: names[c.organisationId] ?? c.organisationId,
      }));
    const seesHistory = grant?.scope.includes('see-access-history') === true;
    const byProxy = seesHistory && history._tag === 'Right' ? history.right.byProxy : [];
    const entries = seesHistory && history._tag === 'Right' ? history.right.entries : [];
    return views.page(request, reply, 'proxy/home.njk', {
      actingFor: patient.name,
      proxyId: principal.proxyId,
      inForce: grant !== undefined,
      scope: grant?.scope ?? [],
      pending,
      seesHistory,
      entries: entries.map((e) => ({
        at: e.at,
        name: names[e.organisationId] ?? e.organisationId,
        basis: e.basis,
      })),
      byProxy: byProxy.map((a) => ({
        at: a.at,
        proxyId: a.proxyId,
        what: a.what,
        name: a.organisationId === undefined ? '' : (names[a.organisationId] ?? a.organisationId),
      })),
    });
  });

  for (const choice of ['approve', 'refuse'] as const)
    app.post(
      `/proxy/requests/:organisationId/${choice}`,
      { config: { access: proxyOnly } },
      async (request, reply) => {
        const principal = actingFor(request);
        const organisationId = OrganisationId.decode(
          (request.params as Record<string, string>)['organisationId'],
        );
        if (organisationId._tag === 'Left') return reply.code(404).send();
        const input = { patientId: principal.patientId, organisationId: organisationId.right };
        const answered = await (
          choice === 'approve'
            ? ctx.consentry.approveOnline(input, contextOf(principal))
            : ctx.consentry.refuseOnline(input, contextOf(principal))
        )();
        const flash =
          answered._tag === 'Right'
            ? choice === 'approve'
              ? 'You approved the request'
              : 'You refused the request'
            : `Not done: ${answered.left._tag === 'NotPermitted' ? answered.left.message : answered.left._tag}`;
        sessions.save(request, reply, { ...request.session.data, flash });
        return reply.redirect('/proxy', 303);
      },
    );
};
