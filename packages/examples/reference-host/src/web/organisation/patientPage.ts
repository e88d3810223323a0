import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../http/context.js';
import { describeDecision, organisationNames, run } from '../common.js';
import { base, orgOf, patientOf } from './common.js';

/**
 * The organisation's page of a patient: may it see the record, and what to do if not.
 * `extra` (errors, a refusal) and `status` let a refused form be shown again.
 */
export const organisationPatientPage = async (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown> = {},
  status = 200,
) => {
  const patient = await patientOf(ctx, request);
  const organisationId = orgOf(request);
  const [decision, names, open] = await Promise.all([
    run(ctx.consentry.checkAccess({ patientId: patient.patientId, organisationId })),
    organisationNames(ctx),
    run(ctx.consentry.openChallenges({ organisationId })),
  ]);
  return ctx.views.page(request, reply.code(status), 'organisation/patient.njk', {
    patient,
    decision,
    explanation: describeDecision(decision),
    needsCare: decision.outcome === 'deny' && decision.reason === 'no-care-relationship',
    challenge: open.find((c) => c.patientId === patient.patientId),
    organisationName: names[organisationId],
    base: base(patient),
    ...extra,
  });
};

/** GET /organisation/patients/:nhsNumber */
export const showPatient = (ctx: RouteContext) => (request: FastifyRequest, reply: FastifyReply) =>
  organisationPatientPage(ctx, request, reply);
