import * as E from 'fp-ts/lib/Either.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { run } from '../common.js';
import { contactErrors, postedContactForm } from '../contactForm.js';
import type { Handler } from '../flash.js';
import { done, me } from './common.js';

const contactPage = async (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  values?: object,
  errors: object[] = [],
) => {
  const patient = await me(ctx, request);
  return ctx.views.page(request, reply.code(errors.length ? 400 : 200), 'patient/contact.njk', {
    values: values ?? {
      mobile: patient.mobile,
      email: patient.email,
      preferredChannel: patient.preferredChannel ?? 'sms',
    },
    errors,
  });
};

/** GET /patient/contact */
export const showContact = (ctx: RouteContext) => (request: FastifyRequest, reply: FastifyReply) =>
  contactPage(ctx, request, reply);

/** POST /patient/contact */
export const saveContact =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await me(ctx, request);
    const { values, decoded } = postedContactForm(request);
    if (E.isLeft(decoded))
      return contactPage(ctx, request, reply, values, contactErrors(decoded.left));
    await run(
      ctx.consentry.recordContactDetails(
        { patientId: patient.patientId, ...decoded.right },
        contextOf(request.principal!),
      ),
    );
    return done(ctx, request, reply, 'Your contact details have been saved');
  };
