import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../http/context.js';
import { basisForPatient, organisationNames, run } from '../common.js';
import { waitingForCare } from '../patientRows.js';
import { me } from './common.js';

export const CHOICE: Readonly<Record<string, string>> = {
  allow: 'Share my record',
  'require-verification': 'Ask me for a security code first',
  deny: 'Do not share my record',
};

/** Requests waiting for this patient's answer: open challenges that reach the portal. */
const pendingFor = async (ctx: RouteContext, patientId: string) => {
  const organisations = await run(ctx.consentry.organisations());
  const open = await Promise.all(
    organisations.map((o) =>
      run(ctx.consentry.openChallenges({ organisationId: o.organisationId })),
    ),
  );
  return open.flat().filter((c) => c.patientId === patientId && c.channels.includes('portal'));
};

/**
 * The portal's home: the patient's choices, who can see the record now, requests waiting for
 * an answer, end notices. `errors` from a refused form of this page are shown with it (400).
 */
export const portalHome = async (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  errors: readonly { field: string; message: string }[] = [],
) => {
  const patient = await me(ctx, request);
  const [summary, names, pending, endNotices] = await Promise.all([
    run(ctx.consentry.sharingSummary({ patientId: patient.patientId })),
    organisationNames(ctx),
    pendingFor(ctx, patient.patientId),
    run(ctx.consentry.endNotices({ patientId: patient.patientId })),
  ]);
  const forAll = summary.preferences.find((p) => p.organisationId === undefined);
  const choiceRows = [
    {
      key: { text: 'All organisations' },
      value: { text: forAll ? CHOICE[forAll.preference] : 'You have not chosen yet' },
    },
    ...summary.preferences
      .filter((p) => p.organisationId !== undefined)
      .map((p) => ({
        key: { text: names[p.organisationId!] ?? p.organisationId },
        value: { text: CHOICE[p.preference] },
      })),
  ];
  return ctx.views.page(request, reply.code(errors.length ? 400 : 200), 'patient/home.njk', {
    patient,
    summary,
    names,
    pending,
    choiceRows,
    endNotices,
    waitingForCare: waitingForCare(summary, patient.practiceId, names),
    canSee: summary.canSeeNow
      .filter((c) => c.organisationId !== patient.practiceId)
      .map((c) => ({
        ...c,
        name: names[c.organisationId] ?? c.organisationId,
        why: basisForPatient(c.basis),
      })),
    organisationItems: [
      { value: '', text: 'All organisations' },
      ...Object.entries(names)
        .filter(([id]) => id !== patient.practiceId)
        .map(([value, text]) => ({ value, text })),
    ],
    errors,
  });
};

/** GET /patient */
export const showHome = (ctx: RouteContext) => (request: FastifyRequest, reply: FastifyReply) =>
  portalHome(ctx, request, reply);
