import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ALL_SCOPES, type ProxiesView, type ProxyScope } from '@consentry/core';
import { role } from '../security/access.js';
import { contextOf } from '../http/commandContext.js';
import type { RouteContext } from '../http/context.js';
import { run } from './common.js';
import { formOf } from '../http/forms.js';

const patientOnly = role(['patient']);
const practiceOnly = role(['practice-staff']);

/** A refusal or bad input as one line for the page. */
const why = (error: { _tag: string; message?: string }): string =>
  `${error._tag}${error.message === undefined ? '' : `: ${error.message}`}`;

/** `to` and, for a proxy, which one: from the form's one `codesTo` field (`patient`, `both:<id>`, `proxy:<id>`). */
const codesChoice = (
  value: string,
): { readonly to: 'patient' | 'proxy' | 'both'; readonly proxyId?: string } => {
  const [to, proxyId] = value.split(':');
  return to === 'proxy' || to === 'both'
    ? { to, ...(proxyId === undefined || proxyId === '' ? {} : { proxyId }) }
    : { to: 'patient' };
};

/** The choices of where codes go, for the radios: the patient, or each proxy able to receive codes. */
export const codesItems = (view: ProxiesView, whose: string) => [
  { value: 'patient', text: `To ${whose} only`, checked: view.codesTo.to === 'patient' },
  ...view.proxies
    .filter((p) => p.inForce && p.scope.includes('receive-codes'))
    .flatMap((p) => [
      {
        value: `proxy:${p.proxyId}`,
        text: `To ${p.proxyId} only`,
        checked: view.codesTo.to === 'proxy' && view.codesTo.proxyId === p.proxyId,
      },
      {
        value: `both:${p.proxyId}`,
        text: `To ${whose} and ${p.proxyId}`,
        checked: view.codesTo.to === 'both' && view.codesTo.proxyId === p.proxyId,
      },
    ]),
];

/**
 * The patient's own proxy page (docs/reference-host.md, "Proxies"): a patient with capacity
 * grants and revokes their proxies online and chooses where codes go; and the same choice of
 * where codes go on the practice's proxy page, for a patient who lacks capacity. Core decides.
 */
export const registerPatientProxyPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;
  const done = (request: FastifyRequest, reply: FastifyReply, flash: string, to: string) => {
    sessions.save(request, reply, { ...request.session.data, flash });
    return reply.redirect(to, 303);
  };
  const patientId = (request: FastifyRequest): string => {
    const p = request.principal;
    if (p?.kind !== 'patient') throw new Error('patientOnly rule let a non-patient through');
    return p.patientId;
  };

  app.get('/patient/proxies', { config: { access: patientOnly } }, async (request, reply) => {
    const view = await run(ctx.consentry.proxies({ patientId: patientId(request) }));
    return views.page(request, reply, 'patient/proxies.njk', {
      view,
      codesItems: codesItems(view, 'me'),
    });
  });

  app.post('/patient/proxies', { config: { access: patientOnly } }, async (request, reply) => {
    const form = formOf(request);
    const scope = ALL_SCOPES.filter((s: ProxyScope) => form[`scope-${s}`] === 'yes');
    const mobile = (form['mobile'] ?? '').trim();
    const granted = await ctx.consentry.grantProxy(
      {
        patientId: patientId(request),
        proxyId: (form['proxyId'] ?? '').trim(),
        relationship: (form['relationship'] ?? '') as 'carer',
        evidence: 'granted online by the patient',
        ...(scope.length === 0 ? {} : { scope }),
        ...(mobile === '' ? {} : { mobile }),
      },
      contextOf(request.principal!),
    )();
    const flash =
      granted._tag === 'Right' ? `${form['proxyId'] ?? ''} may now act for you` : why(granted.left);
    return done(request, reply, flash, '/patient/proxies');
  });

  app.post(
    '/patient/proxies/:proxyId/revoke',
    { config: { access: patientOnly } },
    async (request, reply) => {
      const proxyId = (request.params as Record<string, string>)['proxyId'] ?? '';
      const revoked = await ctx.consentry.revokeProxy(
        { patientId: patientId(request), proxyId },
        contextOf(request.principal!),
      )();
      const flash =
        revoked._tag === 'Right' ? `${proxyId} may no longer act for you` : why(revoked.left);
      return done(request, reply, flash, '/patient/proxies');
    },
  );

  app.post('/patient/codes', { config: { access: patientOnly } }, async (request, reply) => {
    const chosen = await ctx.consentry.chooseCodesRecipient(
      { patientId: patientId(request), ...codesChoice(formOf(request)['codesTo'] ?? '') },
      contextOf(request.principal!),
    )();
    const flash = chosen._tag === 'Right' ? 'Where codes go is saved' : why(chosen.left);
    return done(request, reply, flash, '/patient/proxies');
  });

  app.post(
    '/practice/patients/:nhsNumber/codes',
    { config: { access: practiceOnly } },
    async (request, reply) => {
      const nhsNumber = (request.params as Record<string, string>)['nhsNumber'] ?? '';
      const found = await ctx.consentry.findPatientByNhsNumber({ nhsNumber })();
      const to = `/practice/patients/${nhsNumber}/proxies`;
      if (found._tag === 'Left') return done(request, reply, why(found.left), to);
      const chosen = await ctx.consentry.chooseCodesRecipient(
        { patientId: found.right.patientId, ...codesChoice(formOf(request)['codesTo'] ?? '') },
        contextOf(request.principal!),
      )();
      return done(
        request,
        reply,
        chosen._tag === 'Right' ? 'Where codes go is saved' : why(chosen.left),
        to,
      );
    },
  );
};
