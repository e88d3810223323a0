import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../http/context.js';
import { organisationNames, patientFor, run } from '../common.js';
import { practiceChoiceText } from '../practiceChoices.js';

/**
 * The practice's page of one of its patients: contact details, choices, referral, portal.
 * `extra` (values typed, errors) and `status` let a refused form be shown again.
 */
export const practicePatientPage = async (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown> = {},
  status = 200,
) => {
  const patient = await patientFor(ctx, request, ['practice']);
  const [summary, names] = await Promise.all([
    run(ctx.consentry.sharingSummary({ patientId: patient.patientId })),
    organisationNames(ctx),
  ]);
  return ctx.views.page(request, reply.code(status), 'practice/patient.njk', {
    patient,
    base: `/practice/patients/${patient.nhsNumber}`,
    values: {
      mobile: patient.mobile,
      email: patient.email,
      preferredChannel: patient.preferredChannel ?? 'sms',
    },
    choiceRows: summary.preferences.map((p) => ({
      key: {
        text:
          p.organisationId === undefined
            ? 'All organisations'
            : (names[p.organisationId] ?? p.organisationId),
      },
      value: { text: practiceChoiceText(p) },
    })),
    organisationItems: [
      { value: '', text: 'All organisations' },
      ...Object.entries(names)
        .filter(([id]) => id !== patient.practiceId)
        .map(([value, text]) => ({ value, text })),
    ],
    referralItems: Object.entries(names)
      .filter(([id]) => id !== patient.practiceId)
      .map(([value, text]) => ({ value, text })),
    ...extra,
  });
};

/** GET /practice/patients/:nhsNumber */
export const showPatient = (ctx: RouteContext) => (request: FastifyRequest, reply: FastifyReply) =>
  practicePatientPage(ctx, request, reply);
