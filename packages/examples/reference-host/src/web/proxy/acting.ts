import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganisationId } from '@consentry/core';
import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { organisationNames, run } from '../common.js';
import type { Handler } from '../flash.js';
import { grantOf } from './grant.js';

/** The signed-in proxy and the patient they act for (the session names both). */
const actingFor = (request: FastifyRequest) => {
  const principal = request.principal;
  if (principal?.kind !== 'proxy') throw new Error('proxyOnly rule let a non-proxy through');
  return principal;
};

/** GET /proxy: who they act for, what they may do, requests waiting, the history if in scope. */
export const showProxyHome =
  (ctx: RouteContext) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { views } = ctx;
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
  };

/** POST /proxy/requests/:organisationId/approve|refuse: the proxy's answer, if core lets them. */
export const answerForPatient =
  (ctx: RouteContext, choice: 'approve' | 'refuse'): Handler =>
  async (request, reply) => {
    const { sessions } = ctx;
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
  };
