import * as t from 'io-ts';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  DateOfBirth,
  Email,
  NhsNumber,
  OrganisationId,
  PersonName,
  Area,
  PreferredChannel,
  Text,
  UkMobile,
} from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf, ownOrganisation } from '../../http/commandContext.js';

const byNhsNumber = t.type({ nhsNumber: NhsNumber });
const optionalReason = <A>(reason: A | undefined): { reason?: A } =>
  reason === undefined ? {} : { reason };
const fromPath = ({ params }: { params: { nhsNumber: string } }): string => params.nhsNumber;

/** Patients, their contact details, their choices and their history. */
export const patientRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  route({
    method: 'POST',
    path: '/patients',
    operationId: 'registerPatient',
    summary: 'Register a patient at your practice.',
    tag: 'Patients',
    roles: ['practice-staff'],
    body: t.type({
      nhsNumber: NhsNumber,
      name: PersonName,
      dateOfBirth: DateOfBirth,
      homeArea: Area,
    }),
    success: { status: 201, description: 'The new patient id', schema: 'Receipt' },
    problems: [409],
    handler: ({ body, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((practiceId) =>
          ctx.consentry.registerPatient({ ...body, practiceId }, contextOf(principal)),
        ),
      ),
  }),
  route({
    method: 'GET',
    path: '/patients/:nhsNumber',
    operationId: 'patient',
    summary: 'A patient’s details. Organisation staff see no contact details.',
    tag: 'Patients',
    roles: ['patient', 'practice-staff', 'organisation-staff', 'privacy-officer', 'auditor'],
    params: byNhsNumber,
    patient: {
      from: fromPath,
      relations: ['self', 'practice', 'organisation', 'privacy-officer', 'auditor'],
    },
    success: { status: 200, description: 'The patient', schema: 'PatientDetails' },
    problems: [404],
    handler: ({ patient, principal }) => {
      if (principal.kind !== 'organisation-staff' && principal.kind !== 'auditor')
        return TE.right(patient);
      const { mobile: _mobile, email: _email, ...withoutContact } = patient;
      return TE.right(withoutContact);
    },
  }),
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/contact-details',
    operationId: 'recordContactDetails',
    summary:
      'Record a UK mobile and/or e-mail and the preferred channel (replaces the previous details).',
    tag: 'Patients',
    roles: ['patient', 'practice-staff'],
    params: byNhsNumber,
    body: t.partial({ mobile: UkMobile, email: Email, preferredChannel: PreferredChannel }),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Recorded', schema: 'Receipt' },
    handler: ({ body, patient, principal }) =>
      ctx.consentry.recordContactDetails(
        { patientId: patient.patientId, ...body },
        contextOf(principal),
      ),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/portal-enrolment',
    operationId: 'enrolPortal',
    summary: 'Enrol the patient in the online portal.',
    tag: 'Patients',
    roles: ['practice-staff'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['practice'] },
    success: { status: 200, description: 'Enrolled', schema: 'Receipt' },
    handler: ({ patient, principal }) =>
      ctx.consentry.enrolPortal({ patientId: patient.patientId }, contextOf(principal)),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/care-relationship',
    operationId: 'startCare',
    summary:
      'Claim by hand that your organisation cares for the patient: `selfClaimed: true` with a `reason` (raises a privacy-officer alert). Staff asking for anything else are refused (403 NotPermitted): care otherwise comes from your own system feed or a referral.',
    tag: 'Care',
    roles: ['organisation-staff'],
    params: byNhsNumber,
    // Passed through as sent: whether staff may start care unflagged is core's rule, not ours.
    body: t.partial({ reason: Text, selfClaimed: t.boolean }),
    patient: { from: fromPath, relations: ['organisation'] },
    success: { status: 201, description: 'Started', schema: 'Receipt' },
    problems: [409],
    handler: ({ body, patient, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((organisationId) =>
          ctx.consentry.startCare(
            { patientId: patient.patientId, organisationId, ...body },
            contextOf(principal),
          ),
        ),
      ),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/referrals',
    operationId: 'referCare',
    summary:
      'Refer the patient from your organisation (their registered practice, or an organisation caring for them) to another: a care relationship there, with no alert.',
    tag: 'Care',
    roles: ['practice-staff', 'organisation-staff'],
    params: byNhsNumber,
    body: t.intersection([t.type({ to: OrganisationId }), t.partial({ reason: Text })]),
    patient: { from: fromPath, relations: ['practice', 'organisation'] },
    success: { status: 201, description: 'Referred', schema: 'Receipt' },
    problems: [404, 409],
    handler: ({ body, patient, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((from) =>
          ctx.consentry.referCare(
            { patientId: patient.patientId, from, to: body.to, ...optionalReason(body.reason) },
            contextOf(principal, 'referral'),
          ),
        ),
      ),
  }),
  route({
    method: 'DELETE',
    path: '/patients/:nhsNumber/care-relationship',
    operationId: 'endCare',
    summary: 'Your organisation’s care relationship with the patient ends.',
    tag: 'Care',
    roles: ['organisation-staff'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['organisation'] },
    success: { status: 200, description: 'Ended', schema: 'Receipt' },
    problems: [409],
    handler: ({ patient, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((organisationId) =>
          ctx.consentry.endCare(
            { patientId: patient.patientId, organisationId },
            contextOf(principal),
          ),
        ),
      ),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/record-views',
    operationId: 'viewRecord',
    summary:
      'Open the shared record: allowed on a current permit, recorded in the patient’s history; returns the entries your organisation may see.',
    tag: 'Care',
    roles: ['organisation-staff'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['organisation'] },
    success: {
      status: 200,
      description: 'The decision and the visible entries',
      schema: 'RecordView',
    },
    problems: [404],
    handler: ({ patient, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((organisationId) =>
          pipe(
            ctx.consentry.viewRecord(
              { patientId: patient.patientId, organisationId },
              contextOf(principal),
            ),
            TE.flatMap((viewed) =>
              pipe(
                ctx.consentry.sharingSummary({ patientId: patient.patientId }),
                TE.flatMap((summary) =>
                  TE.fromTask(async () => ({
                    decision: viewed.decision,
                    entries: await ctx.records.visibleTo(
                      patient.patientId,
                      organisationId,
                      summary,
                      viewed.decision,
                    ),
                  })),
                ),
              ),
            ),
          ),
        ),
      ),
  }),
];
