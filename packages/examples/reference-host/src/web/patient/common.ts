import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PatientDetails } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { run } from '../common.js';
import { flashTo } from '../flash.js';

/** The signed-in patient's details (the `patientOnly` rule let no one else in). */
export const me = async (ctx: RouteContext, request: FastifyRequest): Promise<PatientDetails> => {
  const principal = request.principal;
  if (principal?.kind !== 'patient') throw new Error('patientOnly rule let a non-patient through');
  return run(ctx.consentry.patient({ patientId: principal.patientId }));
};

/** Saves a one-off message for the next page and goes there, the portal's home by default. */
export const done = (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  flash: string,
  to = '/patient',
) => flashTo(ctx, request, reply, flash, to);
