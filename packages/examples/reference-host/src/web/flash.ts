import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../http/context.js';

/** Saves a one-off message for the next page and goes there (303: the browser then GETs it). */
export const flashTo = (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  flash: string,
  to: string,
): FastifyReply => {
  ctx.sessions.save(request, reply, { ...request.session.data, flash });
  return reply.redirect(to, 303);
};

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
