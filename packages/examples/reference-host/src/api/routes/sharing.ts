import * as t from 'io-ts';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { ConsentAnswer, IsoInstant, NhsNumber, OrganisationId, Preference } from '@consentry/core';
import type { Principal } from '../../host/principal.js';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf, ownOrganisation } from '../../http/commandContext.js';

const byNhsNumber = t.type({ nhsNumber: NhsNumber });
const fromPath = ({ params }: { params: { nhsNumber: string } }): string => params.nhsNumber;

/** Who set a preference follows from who is signed in. */
const setterOf = (principal: Principal): 'patient' | 'practice' | 'organisation' =>
  principal.kind === 'patient'
    ? 'patient'
    : principal.kind === 'practice-staff'
      ? 'practice'
      : 'organisation';

/** The patient's choices, consents and history. */
export const sharingRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  route({
    method: 'GET',
    path: '/patients/:nhsNumber/sharing',
    operationId: 'sharingSummary',
    summary: 'The patient’s choices, consents, care relationships and who can see the record now.',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff', 'privacy-officer', 'auditor'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['self', 'practice', 'privacy-officer', 'auditor'] },
    success: { status: 200, description: 'The sharing summary', schema: 'SharingSummary' },
    problems: [404],
    handler: ({ patient }) => ctx.consentry.sharingSummary({ patientId: patient.patientId }),
  }),
  route({
    method: 'GET',
    path: '/patients/:nhsNumber/access-history',
    operationId: 'accessHistory',
    summary: 'Who opened the record, when and on what basis, and who was refused.',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff', 'privacy-officer', 'auditor'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['self', 'practice', 'privacy-officer', 'auditor'] },
    success: { status: 200, description: 'The access history', schema: 'AccessHistory' },
    problems: [404],
    handler: ({ patient }) => ctx.consentry.accessHistory({ patientId: patient.patientId }),
  }),
  route({
    method: 'GET',
    path: '/patients/:nhsNumber/refused-attempts',
    operationId: 'refusedCommands',
    summary:
      'Commands the trust rules refused about the patient: who, when, why, and the decision they rested on (auditors and privacy officers).',
    tag: 'Sharing',
    roles: ['auditor', 'privacy-officer'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['auditor', 'privacy-officer'] },
    success: {
      status: 200,
      description: 'The refused attempts, oldest first',
      schema: 'RefusedCommands',
    },
    problems: [404],
    handler: ({ patient }) => ctx.consentry.refusedCommands({ patientId: patient.patientId }),
  }),
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/sharing/preference',
    operationId: 'setSharingPreference',
    summary:
      'Set the preference for all organisations, or for one. Organisation staff may record the patient’s “no”; an `allow` only for their own organisation, and only where they may ask the patient in person (otherwise 403 NotPermitted with the decision).',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff', 'organisation-staff'],
    params: byNhsNumber,
    body: t.intersection([
      t.type({ preference: Preference }),
      t.partial({ organisationId: OrganisationId, until: IsoInstant }),
    ]),
    patient: { from: fromPath, relations: ['self', 'practice', 'organisation'] },
    success: { status: 200, description: 'Set', schema: 'Receipt' },
    // Who may set what is core's trust rule (an organisation's own yes, the patient's no):
    // the request goes there as sent, so a refusal is answered with the decision and traced.
    handler: ({ body, patient, principal }) =>
      ctx.consentry.setSharingPreference(
        {
          patientId: patient.patientId,
          preference: body.preference,
          setBy: setterOf(principal),
          ...(body.organisationId === undefined ? {} : { organisationId: body.organisationId }),
          ...(body.until === undefined ? {} : { until: body.until }),
        },
        contextOf(principal),
      ),
  }),
  route({
    method: 'DELETE',
    path: '/patients/:nhsNumber/sharing/preference',
    operationId: 'clearSharingPreference',
    summary:
      'Clear a preference (back to “not asked”); `organisation` absent clears the one for all.',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff'],
    params: byNhsNumber,
    query: t.partial({ organisation: OrganisationId }),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Cleared', schema: 'Receipt' },
    handler: ({ query, patient, principal }) =>
      ctx.consentry.clearSharingPreference(
        {
          patientId: patient.patientId,
          ...(query.organisation === undefined ? {} : { organisationId: query.organisation }),
        },
        contextOf(principal),
      ),
  }),
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/sharing-out/:organisationId',
    operationId: 'recordSharingOutConsent',
    summary: 'Whether entries recorded at this organisation may be shown to others.',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff'],
    params: t.type({ nhsNumber: NhsNumber, organisationId: OrganisationId }),
    body: t.type({ answer: ConsentAnswer }),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Recorded', schema: 'Receipt' },
    handler: ({ params, body, patient, principal }) =>
      ctx.consentry.recordSharingOutConsent(
        {
          patientId: patient.patientId,
          organisationId: params.organisationId,
          answer: body.answer,
        },
        contextOf(principal),
      ),
  }),
  route({
    method: 'DELETE',
    path: '/patients/:nhsNumber/sharing-in/:organisationId',
    operationId: 'withdrawConsent',
    summary: 'Stop sharing with an organisation: ends its standing consent.',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff'],
    params: t.type({ nhsNumber: NhsNumber, organisationId: OrganisationId }),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Withdrawn', schema: 'Receipt' },
    handler: ({ params, patient, principal }) =>
      ctx.consentry.withdrawConsent(
        { patientId: patient.patientId, organisationId: params.organisationId },
        contextOf(principal),
      ),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/approvals/:organisationId',
    operationId: 'answerApprovalRequest',
    summary: 'The patient approves or refuses an organisation’s pending request in the portal.',
    tag: 'Sharing',
    roles: ['patient'],
    params: t.type({ nhsNumber: NhsNumber, organisationId: OrganisationId }),
    body: t.type({ answer: t.keyof({ approve: null, refuse: null }) }),
    patient: { from: fromPath, relations: ['self'] },
    success: { status: 200, description: 'The decision', schema: 'AccessResult' },
    problems: [404, 409, 410],
    handler: ({ params, body, patient, principal }) => {
      const input = { patientId: patient.patientId, organisationId: params.organisationId };
      return body.answer === 'approve'
        ? ctx.consentry.approveOnline(input, contextOf(principal))
        : ctx.consentry.refuseOnline(input, contextOf(principal));
    },
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/in-person-answers',
    operationId: 'recordInPersonAnswer',
    summary: 'Record the answer the patient gave your staff in person.',
    tag: 'Sharing',
    roles: ['organisation-staff'],
    params: byNhsNumber,
    body: t.type({ answer: ConsentAnswer }),
    patient: { from: fromPath, relations: ['organisation'] },
    success: { status: 200, description: 'Recorded', schema: 'Receipt' },
    handler: ({ body, patient, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((organisationId) =>
          ctx.consentry.recordInPersonAnswer(
            { patientId: patient.patientId, organisationId, answer: body.answer },
            contextOf(principal),
          ),
        ),
      ),
  }),
];
