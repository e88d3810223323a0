import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../http/context.js';
import { basisForPatient, organisationNames, reasonForPatient, run } from '../common.js';
import { oneRowPerEmergency } from '../patientRows.js';
import { me } from './common.js';

/** GET /patient/history: who has seen the record and why, who was refused, what a proxy did. */
export const showHistory =
  (ctx: RouteContext) => async (request: FastifyRequest, reply: FastifyReply) => {
    const patient = await me(ctx, request);
    const [history, names] = await Promise.all([
      run(ctx.consentry.accessHistory({ patientId: patient.patientId })),
      organisationNames(ctx),
    ]);
    return ctx.views.page(request, reply, 'patient/history.njk', {
      entries: oneRowPerEmergency(history.entries).map((e) => ({
        ...e,
        name: names[e.organisationId] ?? e.organisationId,
        why: basisForPatient(e.basis),
      })),
      refused: history.refused.map((r) => ({
        ...r,
        name: names[r.organisationId] ?? r.organisationId,
        why: reasonForPatient(r.reason),
      })),
      // What a parent, carer or attorney did for the patient (docs/reference-host.md, "Proxies").
      byProxy: history.byProxy.map((a) => ({
        ...a,
        name: a.organisationId === undefined ? '' : (names[a.organisationId] ?? a.organisationId),
      })),
    });
  };
