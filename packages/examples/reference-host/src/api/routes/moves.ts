import * as t from 'io-ts';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { Area, NhsNumber, Text } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf, ownOrganisation } from '../../http/commandContext.js';

const byNhsNumber = t.type({ nhsNumber: NhsNumber });
const fromPath = ({ params }: { params: { nhsNumber: string } }): string => params.nhsNumber;
const optionalReason = t.partial({ reason: Text });

/** Patients move: home area, practice, deregistration and death (docs/record-as-shared.md). */
export const moveRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/home-area',
    operationId: 'changeHomeArea',
    summary:
      'Record the patient’s new home area (which organisations are local to them): the patient, or their practice for them. No other organisation may move a patient into its own area.',
    tag: 'Patients',
    roles: ['patient', 'practice-staff'],
    params: byNhsNumber,
    body: t.type({ homeArea: Area }),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Recorded', schema: 'Receipt' },
    problems: [404, 409],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.changeHomeArea(
        { patientId: patient.patientId, homeArea: body.homeArea },
        contextOf(principal),
      ),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/practice-registration',
    operationId: 'changePractice',
    summary:
      'Register a patient of another practice at your practice (a change of practice): your practice’s lists then apply, the patient is told and the old practice alerted.',
    tag: 'Patients',
    roles: ['practice-staff'],
    params: byNhsNumber,
    // No `patient` relation: the caller is the NEW practice, not yet the patient's. Who may
    // register them here is core's rule (staff of that open GP practice), with the actor as signed in.
    success: { status: 200, description: 'Registered here', schema: 'Receipt' },
    problems: [404, 409],
    handler: ({ params, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((practiceId) =>
          pipe(
            ctx.consentry.findPatientByNhsNumber({ nhsNumber: params.nhsNumber }),
            TE.flatMap((patient) =>
              ctx.consentry.changePractice(
                { patientId: patient.patientId, practiceId },
                contextOf(principal),
              ),
            ),
          ),
        ),
      ),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/deregistration',
    operationId: 'deregister',
    summary:
      'Record that the patient left your practice’s list: no new access but the practice’s until another practice registers them. History stays.',
    tag: 'Patients',
    roles: ['practice-staff'],
    params: byNhsNumber,
    body: optionalReason,
    patient: { from: fromPath, relations: ['practice'] },
    success: { status: 200, description: 'Deregistered', schema: 'Receipt' },
    problems: [404, 409],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.deregister({ patientId: patient.patientId }, contextOf(principal, body.reason)),
  }),
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/death',
    operationId: 'recordDeath',
    summary:
      'Record the patient’s death: no new access but the practice’s, emergencies included; nothing moves afterwards (409). History stays.',
    tag: 'Patients',
    roles: ['practice-staff'],
    params: byNhsNumber,
    body: optionalReason,
    patient: { from: fromPath, relations: ['practice'] },
    success: { status: 200, description: 'Recorded', schema: 'Receipt' },
    problems: [404, 409],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.recordDeath(
        { patientId: patient.patientId },
        contextOf(principal, body.reason),
      ),
  }),
];
