import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VerificationCode, type PatientDetails } from '@consentry/core';
import { problemFromError } from '../http/problems.js';
import { role } from '../security/access.js';
import { contextOf } from '../http/commandContext.js';
import type { RouteContext } from '../http/context.js';
import { describeDecision, run } from './common.js';
import { formOf } from '../http/forms.js';

interface OrganisationHelpers {
  readonly orgOf: (request: FastifyRequest) => string;
  readonly patientOf: (request: FastifyRequest) => Promise<PatientDetails>;
  readonly base: (patient: PatientDetails) => string;
  readonly flashTo: (
    request: FastifyRequest,
    reply: FastifyReply,
    flash: string,
    to: string,
  ) => FastifyReply;
}

/**
 * Organisation staff and the security code: enter it, send it again. A locked or expired
 * code offers a new request, never a form that can only fail again.
 */
export const registerCodePages = (
  app: FastifyInstance,
  ctx: RouteContext,
  { orgOf, patientOf, base, flashTo }: OrganisationHelpers,
): void => {
  const { views } = ctx;
  const cfg = { config: { access: role(['organisation-staff']) } };
  const codeEntry = {
    config: {
      access: role(['organisation-staff']),
      rateLimit: { max: ctx.limits.attemptsPerMinute, timeWindow: 60_000 },
    },
  };
  const codePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: object[] = [],
    status = 200,
    ended?: 'locked' | 'expired',
  ) => {
    const patient = await patientOf(request);
    const open = await run(ctx.consentry.openChallenges({ organisationId: orgOf(request) }));
    return views.page(request, reply.code(status), 'organisation/code.njk', {
      patient,
      base: base(patient),
      // A locked or expired code can only fail again: the page offers a new request instead.
      challenge: ended ? undefined : open.find((c) => c.patientId === patient.patientId),
      ended,
      errors,
    });
  };
  app.get('/organisation/patients/:nhsNumber/code', cfg, (request, reply) =>
    codePage(request, reply),
  );
  app.post('/organisation/patients/:nhsNumber/code', codeEntry, async (request, reply) => {
    const patient = await patientOf(request);
    const code = VerificationCode.decode((formOf(request)['code'] ?? '').slice(0, 20));
    if (E.isLeft(code))
      return codePage(
        request,
        reply,
        [{ field: 'code', message: 'Enter the 6 digit code the patient gives you' }],
        400,
      );
    const result = await ctx.consentry.enterCode(
      { patientId: patient.patientId, organisationId: orgOf(request), code: code.right },
      contextOf(request.principal!),
    )();
    if (E.isRight(result))
      return flashTo(request, reply, describeDecision(result.right), base(patient));
    const problem = problemFromError(result.left);
    if (problem.statusCode >= 500) throw problem;
    const left = result.left;
    // The last wrong code locks the challenge: say so now, not on the next try.
    if (
      left._tag === 'ChallengeLocked' ||
      left._tag === 'ChallengeExpired' ||
      (left._tag === 'CodeRejected' && left.attemptsLeft <= 0)
    )
      return codePage(
        request,
        reply,
        [],
        problem.statusCode,
        left._tag === 'ChallengeExpired' ? 'expired' : 'locked',
      );
    return codePage(
      request,
      reply,
      [{ field: 'code', message: problem.detail }],
      problem.statusCode,
    );
  });

  // The same code again (same expiry), as the API's resend: core limits how often.
  app.post('/organisation/patients/:nhsNumber/code/resend', codeEntry, async (request, reply) => {
    const patient = await patientOf(request);
    const result = await ctx.consentry.resendCode(
      { patientId: patient.patientId, organisationId: orgOf(request) },
      contextOf(request.principal!),
    )();
    if (E.isRight(result))
      return flashTo(
        request,
        reply,
        `The same code has been sent to ${patient.name} again`,
        `${base(patient)}/code`,
      );
    const problem = problemFromError(result.left);
    if (problem.statusCode >= 500 || problem.statusCode === 403) throw problem;
    if (result.left._tag === 'ChallengeLocked' || result.left._tag === 'ChallengeExpired')
      return codePage(
        request,
        reply,
        [],
        problem.statusCode,
        result.left._tag === 'ChallengeLocked' ? 'locked' : 'expired',
      );
    return codePage(
      request,
      reply,
      [{ field: 'code', message: problem.detail }],
      problem.statusCode,
    );
  });
};
