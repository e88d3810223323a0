import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../http/context.js';

/** The practice of the signed-in practice staff (the `practiceOnly` rule let no one else in). */
export const practiceOf = (request: FastifyRequest): string => {
  const p = request.principal;
  if (p?.kind !== 'practice-staff')
    throw new Error('practiceOnly rule let another principal through');
  return p.organisationId;
};

/** Saves a one-off message for the next page and goes there (303: the browser then GETs it). */
export const flashTo = (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  flash: string,
  to: string,
) => {
  ctx.sessions.save(request, reply, { ...request.session.data, flash });
  return reply.redirect(to, 303);
};
