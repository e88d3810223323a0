import type { FastifyRequest } from 'fastify';

/** The practice of the signed-in practice staff (the `practiceOnly` rule let no one else in). */
export const practiceOf = (request: FastifyRequest): string => {
  const p = request.principal;
  if (p?.kind !== 'practice-staff')
    throw new Error('practiceOnly rule let another principal through');
  return p.organisationId;
};
