import * as E from 'fp-ts/lib/Either.js';
import { Text } from '@consentry/core';
import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { formOf } from '../../http/forms.js';
import { problemFromError } from '../../http/problems.js';
import { describeDecision, run } from '../common.js';
import { flashTo, type Handler } from '../flash.js';
import { base, orgOf, patientOf } from './common.js';
import { organisationPatientPage } from './patientPage.js';

// The forms of the organisation's patient page, one handler each: claim care, ask for
// access, record the patient's answer given in person.

/**
 * POST /organisation/patients/:nhsNumber/care. Staff can only claim care by hand, with a
 * reason: it raises a privacy-officer alert. Care that is not a claim comes from the
 * organisation's own system feed or a referral.
 */
export const claimCare =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientOf(ctx, request);
    const text = (formOf(request)['reason'] ?? '').trim();
    const reason = Text.decode(text);
    if (E.isLeft(reason))
      return organisationPatientPage(
        ctx,
        request,
        reply,
        {
          errors: [
            {
              field: 'reason',
              message:
                text === ''
                  ? 'Say why you are caring for this patient'
                  : 'The reason must be 2000 characters or fewer',
            },
          ],
        },
        400,
      );
    await run(
      ctx.consentry.startCare(
        {
          patientId: patient.patientId,
          organisationId: orgOf(request),
          selfClaimed: true,
          reason: reason.right,
        },
        contextOf(request.principal!, 'care relationship claimed by staff'),
      ),
    );
    return flashTo(
      ctx,
      request,
      reply,
      'Care relationship recorded. A privacy officer will review it.',
      base(patient),
    );
  };

/** POST /organisation/patients/:nhsNumber/request: for direct care; a code to enter if core says verify. */
export const requestAccess =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientOf(ctx, request);
    const result = await run(
      ctx.consentry.requestAccess(
        { patientId: patient.patientId, organisationId: orgOf(request), purpose: 'TREAT' },
        contextOf(request.principal!, 'direct care'),
      ),
    );
    if (result.outcome === 'verify') return reply.redirect(`${base(patient)}/code`, 303);
    return flashTo(ctx, request, reply, describeDecision(result), base(patient));
  };

/** POST /organisation/patients/:nhsNumber/in-person: the patient's yes or no, asked in person. */
export const recordInPersonAnswer =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientOf(ctx, request);
    const answer = formOf(request)['answer'];
    if (answer !== 'consent' && answer !== 'dissent')
      return organisationPatientPage(
        ctx,
        request,
        reply,
        { errors: [{ field: 'answer', message: 'Choose the patient’s answer' }] },
        400,
      );
    const recorded = await ctx.consentry.recordInPersonAnswer(
      { patientId: patient.patientId, organisationId: orgOf(request), answer },
      contextOf(request.principal!, 'asked in person'),
    )();
    if (E.isLeft(recorded)) {
      // Core's refusal (e.g. an out-of-area organisation must use the code) is shown on the
      // patient's page; nothing was recorded but the refused attempt's trace.
      const problem = problemFromError(recorded.left);
      if (problem.statusCode >= 500 || recorded.left._tag !== 'NotPermitted') throw problem;
      return organisationPatientPage(
        ctx,
        request,
        reply,
        { refusal: 'The patient’s answer was not recorded.', refusalDetail: problem.detail },
        403,
      );
    }
    return flashTo(ctx, request, reply, 'The patient’s answer has been recorded', base(patient));
  };
