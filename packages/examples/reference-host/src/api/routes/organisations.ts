import * as t from 'io-ts';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  type ConsentryError,
  Area,
  OdsCode,
  OrganisationId,
  OrganisationKind,
  OrganisationName,
  Text,
} from '@consentry/core';
import * as E from 'fp-ts/lib/Either.js';
import { httpProblem, type HttpProblem } from '../../host/problem.js';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf, ownOrganisation } from '../../http/commandContext.js';
import { alertsVisibleTo } from '../../security/alertsVisible.js';

const anyone = [
  'patient',
  'organisation-staff',
  'practice-staff',
  'privacy-officer',
  'auditor',
] as const;
/**
 * The directory is the embedding host's (core's `system`), and no person is ever `system`:
 * these calls reach core so that its refusal (403 NotPermitted) is the one answer, for everyone.
 */
const directoryCallers = ['organisation-staff', 'practice-staff', 'privacy-officer'] as const;
const practiceParams = t.type({ practiceId: OrganisationId });
const listBody = t.type({ organisationId: OrganisationId });

/** Organisations, the practice's Allowed and Prohibited lists, and privacy-officer alerts. */
export const organisationRoutes = (ctx: RouteContext): readonly ApiRoute[] => {
  const ownPractice = (principal: Parameters<typeof ownOrganisation>[0], practiceId: string) =>
    principal.kind === 'practice-staff'
      ? ownOrganisation(principal, practiceId)
      : TE.left(
          httpProblem(403, 'Not allowed', 'Only practice staff keep the lists.', {
            tag: 'Forbidden',
          }),
        );

  return [
    route({
      method: 'GET',
      path: '/organisations',
      operationId: 'organisations',
      summary: 'Every registered organisation.',
      tag: 'Organisations',
      roles: anyone,
      success: { status: 200, description: 'Organisations', schema: 'Organisations' },
      handler: () => ctx.consentry.organisations(),
    }),
    route({
      method: 'GET',
      path: '/organisations/:organisationId',
      operationId: 'organisation',
      summary: 'One organisation.',
      tag: 'Organisations',
      roles: anyone,
      params: t.type({ organisationId: OrganisationId }),
      success: { status: 200, description: 'The organisation', schema: 'OrganisationDetails' },
      problems: [404],
      handler: ({ params }) =>
        ctx.consentry.organisation({ organisationId: params.organisationId }),
    }),
    route({
      method: 'POST',
      path: '/organisations',
      operationId: 'registerOrganisation',
      summary:
        'Register an organisation: the embedding host’s own act (operator set-up). Refused to every person (403 NotPermitted).',
      tag: 'Organisations',
      roles: directoryCallers,
      body: t.intersection([
        t.type({ odsCode: OdsCode, name: OrganisationName, kind: OrganisationKind, area: Area }),
        t.partial({ organisationId: OrganisationId }),
      ]),
      success: { status: 201, description: 'The organisation id', schema: 'Receipt' },
      problems: [409],
      handler: ({ body, principal }) =>
        ctx.consentry.registerOrganisation(body, contextOf(principal)),
    }),
    route({
      method: 'POST',
      path: '/organisations/:organisationId/closure',
      operationId: 'closeOrganisation',
      summary:
        'Close an organisation (every later check denies it): the embedding host’s own act. Refused to every person (403 NotPermitted).',
      tag: 'Organisations',
      roles: directoryCallers,
      params: t.type({ organisationId: OrganisationId }),
      success: { status: 200, description: 'Closed', schema: 'Receipt' },
      problems: [404, 409],
      handler: ({ params, principal }) =>
        ctx.consentry.closeOrganisation(params, contextOf(principal)),
    }),
    route({
      method: 'GET',
      path: '/practices/:practiceId/lists',
      operationId: 'practiceLists',
      summary: 'Your practice’s Allowed and Prohibited lists.',
      tag: 'Practice lists',
      roles: ['practice-staff'],
      params: practiceParams,
      success: { status: 200, description: 'The lists', schema: 'PracticeListsView' },
      handler: ({ params, principal }) =>
        pipe(
          ownPractice(principal, params.practiceId),
          TE.flatMap((organisationId) => ctx.consentry.practiceLists({ organisationId })),
        ),
    }),
    ...(['allowed', 'prohibited'] as const).map((list) =>
      route({
        method: 'POST',
        path: `/practices/:practiceId/${list}`,
        operationId: list === 'allowed' ? 'allowOrganisation' : 'prohibitOrganisation',
        summary: `Put an organisation on your practice’s ${list === 'allowed' ? 'Allowed' : 'Prohibited'} list.`,
        tag: 'Practice lists',
        roles: ['practice-staff'],
        params: practiceParams,
        body: listBody,
        success: { status: 200, description: 'Listed', schema: 'Receipt' },
        problems: [404, 409],
        handler: ({ params, body, principal }) =>
          pipe(
            ownPractice(principal, params.practiceId),
            TE.flatMap((practiceId) =>
              (list === 'allowed'
                ? ctx.consentry.allowOrganisation
                : ctx.consentry.prohibitOrganisation)(
                { practiceId, organisationId: body.organisationId },
                contextOf(principal),
              ),
            ),
          ),
      }),
    ),
    route({
      method: 'DELETE',
      path: '/practices/:practiceId/lists/:organisationId',
      operationId: 'removeFromPracticeLists',
      summary: 'Take an organisation off both lists.',
      tag: 'Practice lists',
      roles: ['practice-staff'],
      params: t.type({ practiceId: OrganisationId, organisationId: OrganisationId }),
      success: { status: 200, description: 'Removed', schema: 'Receipt' },
      handler: ({ params, principal }) =>
        pipe(
          ownPractice(principal, params.practiceId),
          TE.flatMap((practiceId) =>
            ctx.consentry.removeFromPracticeLists(
              { practiceId, organisationId: params.organisationId },
              contextOf(principal),
            ),
          ),
        ),
    }),
    route({
      method: 'GET',
      path: '/alerts',
      operationId: 'alerts',
      summary:
        'Emergency-access, self-claimed-relationship and repeated-refusal alerts: a privacy officer sees those of their organisation and of its registered patients, practice staff their own patients’, an auditor all.',
      tag: 'Alerts',
      roles: ['privacy-officer', 'practice-staff', 'auditor'],
      query: t.partial({ status: t.keyof({ open: null, reviewed: null, all: null }) }),
      success: { status: 200, description: 'Alerts', schema: 'Alerts' },
      handler: ({ query, principal }) =>
        pipe(
          ctx.consentry.alerts(query),
          TE.flatMap((alerts) => alertsVisibleTo(ctx, principal, alerts)),
        ),
    }),
    route({
      method: 'POST',
      path: '/alerts/:alertId/review',
      operationId: 'reviewAlert',
      summary:
        'Record the review of an alert: a privacy officer of the organisation that caused it or of the patient’s practice, never the person who caused it.',
      tag: 'Alerts',
      roles: ['privacy-officer'],
      params: t.type({ alertId: t.string }),
      body: t.intersection([
        t.type({ outcome: t.keyof({ appropriate: null, inappropriate: null }) }),
        t.partial({ notes: Text }),
      ]),
      success: { status: 200, description: 'Reviewed', schema: 'Receipt' },
      problems: [404, 409],
      handler: ({ params, body, principal }) =>
        pipe(
          ctx.consentry.alerts({ status: 'all' }),
          TE.flatMap((alerts) => alertsVisibleTo(ctx, principal, alerts)),
          TE.flatMapEither((visible) =>
            visible.some((alert) => alert.alertId === params.alertId)
              ? E.right(params.alertId)
              : E.left<ConsentryError | HttpProblem>(
                  httpProblem(404, 'Unknown alert', 'No alert you may review has this id.', {
                    tag: 'NotFound',
                  }),
                ),
          ),
          TE.flatMap((alertId) =>
            ctx.consentry.reviewAlert({ alertId, ...body }, contextOf(principal)),
          ),
        ),
    }),
  ];
};
