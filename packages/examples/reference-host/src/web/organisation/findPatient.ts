import * as E from 'fp-ts/lib/Either.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NhsNumber } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { organisationNames } from '../common.js';
import { orgOf } from './common.js';

/** GET /organisation: the staff's start page; a valid NHS number goes to that patient. */
export const findPatient =
  (ctx: RouteContext) => async (request: FastifyRequest, reply: FastifyReply) => {
    const names = await organisationNames(ctx);
    const raw = (request.query as Record<string, unknown>)['nhsNumber'];
    if (typeof raw === 'string') {
      const nhsNumber = NhsNumber.decode(raw);
      if (E.isRight(nhsNumber))
        return reply.redirect(`/organisation/patients/${nhsNumber.right}`, 303);
      return ctx.views.page(request, reply.code(400), 'organisation/home.njk', {
        organisationName: names[orgOf(request)],
        values: { nhsNumber: raw.slice(0, 20) },
        errors: [{ field: 'nhsNumber', message: 'Enter a valid 10 digit NHS number' }],
      });
    }
    return ctx.views.page(request, reply, 'organisation/home.njk', {
      organisationName: names[orgOf(request)],
      values: {},
    });
  };
