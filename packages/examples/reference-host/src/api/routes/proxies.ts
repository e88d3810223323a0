import * as t from 'io-ts';
import {
  CodesRecipient,
  Email,
  EvidenceReference,
  IsoInstant,
  NhsNumber,
  ProxyId,
  ProxyRelationship,
  ProxyScope,
  UkMobile,
} from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf } from '../../http/commandContext.js';

const byNhsNumber = t.type({ nhsNumber: NhsNumber });
const byProxy = t.type({ nhsNumber: NhsNumber, proxyId: ProxyId });
const fromPath = ({ params }: { params: { nhsNumber: string } }): string => params.nhsNumber;

/**
 * Proxies (docs/facade-api.md, "Proxies"): the patient (with capacity) or their practice.
 * Whether the patient may act for themself, and who may be a proxy, is core's rule: the call
 * goes there as the signed-in person. A proxy acts through its own pages, not this API.
 */
export const proxyRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  route({
    method: 'GET',
    path: '/patients/:nhsNumber/proxies',
    operationId: 'proxies',
    summary:
      'The patient’s proxies, in force or not (and why), whether the patient lacks capacity, and where codes go.',
    tag: 'Proxies',
    roles: ['patient', 'practice-staff'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'The proxies', schema: 'ProxiesView' },
    problems: [404],
    handler: ({ patient }) => ctx.consentry.proxies({ patientId: patient.patientId }),
  }),
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/proxies/:proxyId',
    operationId: 'grantProxy',
    summary:
      'Grant (or change) a proxy: relationship, the evidence checked (a reference), scope, end date and the proxy’s own contact details. The practice, or the patient while they have capacity.',
    tag: 'Proxies',
    roles: ['patient', 'practice-staff'],
    params: byProxy,
    body: t.intersection([
      t.type({ relationship: ProxyRelationship, evidence: EvidenceReference }),
      t.partial({ scope: t.array(ProxyScope), until: IsoInstant, mobile: UkMobile, email: Email }),
    ]),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Granted', schema: 'Receipt' },
    problems: [404, 409],
    handler: ({ params, body, patient, principal }) =>
      ctx.consentry.grantProxy(
        { ...body, patientId: patient.patientId, proxyId: params.proxyId },
        contextOf(principal),
      ),
  }),
  route({
    method: 'DELETE',
    path: '/patients/:nhsNumber/proxies/:proxyId',
    operationId: 'revokeProxy',
    summary: 'Revoke a proxy (again: no change). The practice, or the patient with capacity.',
    tag: 'Proxies',
    roles: ['patient', 'practice-staff'],
    params: byProxy,
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Revoked', schema: 'Receipt' },
    problems: [404],
    handler: ({ params, patient, principal }) =>
      ctx.consentry.revokeProxy(
        { patientId: patient.patientId, proxyId: params.proxyId },
        contextOf(principal),
      ),
  }),
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/capacity',
    operationId: 'recordCapacity',
    summary: 'The registered practice records whether the patient lacks capacity.',
    tag: 'Proxies',
    roles: ['practice-staff'],
    params: byNhsNumber,
    body: t.type({ lacksCapacity: t.boolean }),
    patient: { from: fromPath, relations: ['practice'] },
    success: { status: 200, description: 'Recorded', schema: 'Receipt' },
    problems: [404],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.recordCapacity(
        { patientId: patient.patientId, lacksCapacity: body.lacksCapacity },
        contextOf(principal),
      ),
  }),
  route({
    method: 'PUT',
    path: '/patients/:nhsNumber/codes-recipient',
    operationId: 'chooseCodesRecipient',
    summary:
      'Where verification codes go: the patient, a proxy with receive-codes (`proxyId`), or both. The patient with capacity, or their practice.',
    tag: 'Proxies',
    roles: ['patient', 'practice-staff'],
    params: byNhsNumber,
    body: t.intersection([t.type({ to: CodesRecipient }), t.partial({ proxyId: ProxyId })]),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Chosen', schema: 'Receipt' },
    problems: [404, 409],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.chooseCodesRecipient(
        {
          patientId: patient.patientId,
          to: body.to,
          ...(body.proxyId === undefined ? {} : { proxyId: body.proxyId }),
        },
        contextOf(principal),
      ),
  }),
];
