import * as t from 'io-ts';
import { NhsNumber } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf } from '../../http/commandContext.js';

const byNhsNumber = t.type({ nhsNumber: NhsNumber });
const fromPath = ({ params }: { params: { nhsNumber: string } }): string => params.nhsNumber;

/** Telling the patient when time-limited consents end (docs/facade-api.md), and the sweep that records it. */
export const endNoticeRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  route({
    method: 'GET',
    path: '/patients/:nhsNumber/end-notices',
    operationId: 'endNotices',
    summary: 'Whether the patient is told when their time-limited consents end, and since when.',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff', 'privacy-officer', 'auditor'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['self', 'practice', 'privacy-officer', 'auditor'] },
    success: { status: 200, description: 'The choice', schema: 'EndNoticesView' },
    problems: [404],
    handler: ({ patient }) => ctx.consentry.endNotices({ patientId: patient.patientId }),
  }),
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/end-notices',
    operationId: 'chooseEndNotices',
    summary:
      'Whether the patient is told when their time-limited consents end: the patient, or their practice for them. No organisation may stop the patient being told.',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff'],
    params: byNhsNumber,
    body: t.type({ tell: t.boolean }),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Chosen', schema: 'Receipt' },
    problems: [404],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.chooseEndNotices(
        { patientId: patient.patientId, tell: body.tell },
        contextOf(principal),
      ),
  }),
  route({
    method: 'POST',
    path: '/maintenance',
    operationId: 'runMaintenance',
    summary:
      'The sweep that records the notices of consents and proxy grants that ended: the embedding host’s own act (`consentry maintenance`). Refused to every person (403 NotPermitted).',
    tag: 'Organisations',
    // No person is ever core's `system`: the call reaches core so that its refusal is the answer.
    roles: ['organisation-staff', 'practice-staff', 'privacy-officer'],
    success: {
      status: 200,
      description: 'What the sweep did (counts)',
      schema: 'MaintenanceReport',
    },
    handler: ({ principal }) => ctx.consentry.runMaintenance({}, contextOf(principal)),
  }),
];
