import type { FastifyRequest } from 'fastify';
import type { PatientDetails } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { patientFor } from '../common.js';

/** The organisation of the signed-in staff (the `staffOnly` rule let no one else in). */
export const orgOf = (request: FastifyRequest): string => {
  const p = request.principal;
  if (p?.kind !== 'organisation-staff')
    throw new Error('staffOnly rule let a non-staff principal through');
  return p.organisationId;
};

/** The patient named by the path's NHS number, as the organisation may see them. */
export const patientOf = (ctx: RouteContext, request: FastifyRequest) =>
  patientFor(ctx, request, ['organisation']);

/** The address of the organisation's page of a patient. */
export const base = (patient: PatientDetails) => `/organisation/patients/${patient.nhsNumber}`;
