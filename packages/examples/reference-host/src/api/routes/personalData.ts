import * as t from 'io-ts';
import { ErasureScope, NhsNumber, Text } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf } from '../../http/commandContext.js';

const byNhsNumber = t.type({ nhsNumber: NhsNumber });
const fromPath = ({ params }: { params: { nhsNumber: string } }): string => params.nhsNumber;

/** Erasing a patient's personal data (docs/personal-data.md). */
export const personalDataRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/personal-data/erasure',
    operationId: 'erasePersonalData',
    summary:
      'Erase the patient’s contact details (`scope: contact-details`) or all their personal data (`all`, at the end of the retention period), saying why. Their keys are destroyed: every copy in the log becomes unreadable; choices, consents and decisions stay. 409 when the host keeps personal data in plain text (no CONSENTRY_KEK).',
    tag: 'Patients',
    roles: ['practice-staff'],
    params: byNhsNumber,
    body: t.type({ scope: ErasureScope, reason: Text }),
    patient: { from: fromPath, relations: ['practice'] },
    success: { status: 200, description: 'Erased', schema: 'Receipt' },
    problems: [404, 409, 503],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.erasePersonalData(
        { patientId: patient.patientId, scope: body.scope },
        contextOf(principal, body.reason),
      ),
  }),
];
