import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ALL_SCOPES, type ProxyScope } from '@consentry/core';
import { role } from '../security/access.js';
import { contextOf } from '../http/commandContext.js';
import type { RouteContext } from '../http/context.js';
import { patientFor, run } from './common.js';
import { formOf } from '../http/forms.js';
import { codesItems } from './patientProxyPages.js';

const practiceOnly = role(['practice-staff']);
const RELATIONSHIPS = ['parent', 'carer', 'lasting-power-of-attorney', 'court-appointed-deputy'];

/** A refusal or bad input as one line for the page, never a stack. */
const why = (error: { _tag: string; message?: string }): string =>
  `${error._tag}${error.message === undefined ? '' : `: ${error.message}`}`;

/**
 * The practice's proxy page for one patient (docs/reference-host.md, "Proxies"): grant or
 * change a proxy (relationship, evidence reference, scope, end date, the proxy's own contact
 * details), revoke one, and record whether the patient lacks capacity. Core decides who may.
 */
export const registerPracticeProxyPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;
  const cfg = { config: { access: practiceOnly } };
  const base = (nhsNumber: string) => `/practice/patients/${nhsNumber}/proxies`;
  const done = (request: FastifyRequest, reply: FastifyReply, flash: string, to: string) => {
    sessions.save(request, reply, { ...request.session.data, flash });
    return reply.redirect(to, 303);
  };

  app.get('/practice/patients/:nhsNumber/proxies', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const view = await run(ctx.consentry.proxies({ patientId: patient.patientId }));
    return views.page(request, reply, 'practice/proxies.njk', {
      patient,
      base: base(patient.nhsNumber),
      view,
      relationships: RELATIONSHIPS,
      codesItems: codesItems(view, 'the patient'),
      scopes: ALL_SCOPES,
    });
  });

  app.post('/practice/patients/:nhsNumber/proxies', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const form = formOf(request);
    const scope = ALL_SCOPES.filter((s: ProxyScope) => form[`scope-${s}`] === 'yes');
    const optional = (key: string) => {
      const value = (form[key] ?? '').trim();
      return value === '' ? {} : { [key]: value };
    };
    const until = (form['until'] ?? '').trim();
    const granted = await ctx.consentry.grantProxy(
      {
        patientId: patient.patientId,
        proxyId: (form['proxyId'] ?? '').trim(),
        relationship: (form['relationship'] ?? '') as 'parent',
        evidence: (form['evidence'] ?? '').trim(),
        ...(scope.length === 0 ? {} : { scope }),
        ...optional('mobile'),
        ...optional('email'),
        ...(until === '' ? {} : { until: `${until}T00:00:00Z` }),
      },
      contextOf(request.principal!),
    )();
    const flash =
      granted._tag === 'Right'
        ? `${form['proxyId'] ?? ''} may now act for the patient`
        : why(granted.left);
    return done(request, reply, flash, base(patient.nhsNumber));
  });

  app.post('/practice/patients/:nhsNumber/proxies/:proxyId/revoke', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const proxyId = (request.params as Record<string, string>)['proxyId'] ?? '';
    const revoked = await ctx.consentry.revokeProxy(
      { patientId: patient.patientId, proxyId },
      contextOf(request.principal!),
    )();
    const flash =
      revoked._tag === 'Right' ? `${proxyId} may no longer act for the patient` : why(revoked.left);
    return done(request, reply, flash, base(patient.nhsNumber));
  });

  app.post('/practice/patients/:nhsNumber/capacity', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const lacksCapacity = formOf(request)['lacksCapacity'] === 'yes';
    const recorded = await ctx.consentry.recordCapacity(
      { patientId: patient.patientId, lacksCapacity },
      contextOf(request.principal!),
    )();
    const flash =
      recorded._tag === 'Right'
        ? lacksCapacity
          ? 'Recorded that the patient lacks capacity'
          : 'Recorded that the patient has capacity'
        : why(recorded.left);
    return done(request, reply, flash, base(patient.nhsNumber));
  });
};
