import * as E from 'fp-ts/lib/Either.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { boundedText } from '@consentry/core';
import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { formOf } from '../../http/forms.js';
import { problemFromError } from '../../http/problems.js';
import { describeDecision } from '../common.js';
import { flashTo, type Handler } from '../flash.js';
import { base, orgOf, patientOf } from './common.js';

const Justification = boundedText('Justification', 2000);

/** What is wrong with an emergency justification, said for what was typed. */
const justificationProblem = (text: string): string =>
  text.trim() === ''
    ? 'Say why you need emergency access'
    : text.length > 2000
      ? 'The reason must be 2000 characters or fewer'
      : 'Say more about why you need emergency access: at least 10 letters or figures';

/** GET /organisation/patients/:nhsNumber/emergency: the form for emergency access. */
export const showEmergency =
  (ctx: RouteContext) => async (request: FastifyRequest, reply: FastifyReply) => {
    const patient = await patientOf(ctx, request);
    return ctx.views.page(request, reply, 'organisation/emergency.njk', {
      patient,
      base: base(patient),
      values: {},
    });
  };

/** POST /organisation/patients/:nhsNumber/emergency: emergency access, with its justification. */
export const requestEmergency =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientOf(ctx, request);
    const text = formOf(request)['justification'] ?? '';
    const justification = Justification.decode(text);
    const tryAgain = () =>
      ctx.views.page(request, reply.code(400), 'organisation/emergency.njk', {
        patient,
        base: base(patient),
        values: { justification: text.slice(0, 2000) },
        errors: [{ field: 'justification', message: justificationProblem(text) }],
      });
    if (E.isLeft(justification)) return tryAgain();
    const result = await ctx.consentry.requestAccess(
      {
        patientId: patient.patientId,
        organisationId: orgOf(request),
        purpose: 'ETREAT',
        justification: justification.right,
      },
      contextOf(request.principal!, 'emergency access'),
    )();
    // Core wants a justification that says something (docs/domain.md): shown on the form.
    if (E.isLeft(result) && result.left._tag === 'InvalidInput') return tryAgain();
    if (E.isLeft(result)) throw problemFromError(result.left);
    return flashTo(ctx, request, reply, describeDecision(result.right), base(patient));
  };
