import * as t from 'io-ts';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  boundedText,
  NhsNumber,
  OrganisationId,
  Purpose,
  RequestId,
  VerificationCode,
} from '@consentry/core';
import { httpProblem } from '../../host/problem.js';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf, ownOrganisation } from '../../http/commandContext.js';

const staff = ['organisation-staff'] as const;

/** Organisation staff ask to view a record, answer its challenge and check access. */
export const accessRequestRoutes = (ctx: RouteContext): readonly ApiRoute[] => {
  /** The open challenge behind a request id, looked up among the caller's own organisation's only. */
  const challengeOf = (organisationId: string, requestId: string) =>
    pipe(
      ctx.consentry.openChallenges({ organisationId }),
      TE.flatMap((open) => {
        const found = open.find((challenge) => challenge.requestId === requestId);
        return found === undefined
          ? TE.left(
              httpProblem(
                404,
                'No open challenge',
                'Your organisation has no open challenge for this request.',
                { tag: 'ChallengeNotFound' },
              ),
            )
          : TE.right(found);
      }),
    );

  return [
    route({
      method: 'POST',
      path: '/access-requests',
      operationId: 'requestAccess',
      summary:
        'Ask to view a patient’s shared record; the answer is the access decision (a challenge is issued on verify).',
      tag: 'Access',
      roles: staff,
      body: t.intersection([
        t.type({ nhsNumber: NhsNumber }),
        t.partial({
          organisationId: OrganisationId,
          purpose: Purpose,
          justification: boundedText('Justification', 2000),
        }),
      ]),
      patient: { from: ({ body }) => body.nhsNumber, relations: ['organisation'] },
      success: {
        status: 201,
        description: 'The decision, with the request id',
        schema: 'AccessResult',
      },
      problems: [404, 409, 429],
      handler: ({ body, principal, patient }) =>
        pipe(
          ownOrganisation(principal, body.organisationId),
          TE.flatMap((organisationId) =>
            ctx.consentry.requestAccess(
              {
                patientId: patient.patientId,
                organisationId,
                ...(body.purpose === undefined ? {} : { purpose: body.purpose }),
                ...(body.justification === undefined ? {} : { justification: body.justification }),
              },
              contextOf(principal, body.purpose === 'ETREAT' ? 'emergency access' : 'direct care'),
            ),
          ),
        ),
    }),
    route({
      method: 'POST',
      path: '/access-requests/:requestId/code',
      operationId: 'enterCode',
      summary: 'Enter the code the patient read out; a match records consent and permits.',
      tag: 'Access',
      roles: staff,
      rateLimited: true,
      params: t.type({ requestId: RequestId }),
      body: t.type({ code: VerificationCode }),
      success: { status: 200, description: 'The decision after the code', schema: 'AccessResult' },
      problems: [404, 409, 410, 422],
      handler: ({ params, body, principal }) =>
        pipe(
          ownOrganisation(principal, undefined),
          TE.flatMap((organisationId) => challengeOf(organisationId, params.requestId)),
          TE.flatMap((challenge) =>
            ctx.consentry.enterCode(
              {
                patientId: challenge.patientId,
                organisationId: challenge.organisationId,
                code: body.code,
              },
              contextOf(principal),
            ),
          ),
        ),
    }),
    route({
      method: 'POST',
      path: '/access-requests/:requestId/resend',
      operationId: 'resendCode',
      summary: 'Send the same code again (same challenge, same expiry).',
      tag: 'Access',
      roles: staff,
      rateLimited: true,
      params: t.type({ requestId: RequestId }),
      success: { status: 200, description: 'The challenge', schema: 'Receipt' },
      problems: [404, 409, 410],
      handler: ({ params, principal }) =>
        pipe(
          ownOrganisation(principal, undefined),
          TE.flatMap((organisationId) => challengeOf(organisationId, params.requestId)),
          TE.flatMap((challenge) =>
            ctx.consentry.resendCode(
              { patientId: challenge.patientId, organisationId: challenge.organisationId },
              contextOf(principal),
            ),
          ),
        ),
    }),
    route({
      method: 'GET',
      path: '/access-check',
      operationId: 'checkAccess',
      summary: 'The access decision now, with its rule trail; records nothing.',
      tag: 'Access',
      roles: ['organisation-staff', 'privacy-officer'],
      query: t.intersection([
        t.type({ patient: NhsNumber }),
        t.partial({ organisation: OrganisationId, purpose: Purpose }),
      ]),
      patient: {
        from: ({ query }) => query.patient,
        relations: ['organisation', 'privacy-officer'],
      },
      success: { status: 200, description: 'The decision', schema: 'AccessDecision' },
      problems: [404],
      handler: ({ query, principal, patient }) =>
        pipe(
          principal.kind === 'privacy-officer' && query.organisation !== undefined
            ? TE.right<never, string>(query.organisation)
            : ownOrganisation(principal, query.organisation),
          TE.flatMap((organisationId) =>
            ctx.consentry.checkAccess({
              patientId: patient.patientId,
              organisationId,
              ...(query.purpose === undefined ? {} : { purpose: query.purpose }),
            }),
          ),
        ),
    }),
    route({
      method: 'GET',
      path: '/challenges',
      operationId: 'openChallenges',
      summary: 'Your organisation’s open challenges (never the codes).',
      tag: 'Access',
      roles: staff,
      success: { status: 200, description: 'Open challenges', schema: 'OpenChallenges' },
      handler: ({ principal }) =>
        pipe(
          ownOrganisation(principal, undefined),
          TE.flatMap((organisationId) => ctx.consentry.openChallenges({ organisationId })),
        ),
    }),
  ];
};
