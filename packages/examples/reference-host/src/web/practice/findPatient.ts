import * as E from 'fp-ts/lib/Either.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NhsNumber } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { organisationNames } from '../common.js';
import { practiceOf } from './common.js';

/** GET /practice: the practice's start page; a valid NHS number goes to that patient. */
export const findPatient =
  (ctx: RouteContext) => async (request: FastifyRequest, reply: FastifyReply) => {
    const names = await organisationNames(ctx);
    const raw = (request.query as Record<string, unknown>)['nhsNumber'];
    const nhsNumber = typeof raw === 'string' ? NhsNumber.decode(raw) : undefined;
    if (nhsNumber !== undefined && E.isRight(nhsNumber))
      return reply.redirect(`/practice/patients/${nhsNumber.right}`, 303);
    return ctx.views.page(
      request,
      reply.code(nhsNumber === undefined ? 200 : 400),
      'practice/home.njk',
      {
        practiceName: names[practiceOf(request)],
        values: { nhsNumber: typeof raw === 'string' ? raw.slice(0, 20) : '' },
        errors:
          nhsNumber === undefined
            ? []
            : [{ field: 'nhsNumber', message: 'Enter a valid 10 digit NHS number' }],
      },
    );
  };
