import type { FastifyReply, FastifyRequest } from 'fastify';
import { NhsNumber, ProxyId } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { formOf } from '../../http/forms.js';
import { checkPendingCode, issueSignInCode } from '../../security/signInCode.js';
import type { SignInThrottle } from '../../security/signInThrottle.js';
import type { Handler } from '../flash.js';
import { waitMessage } from '../signInThrottling.js';
import { grantOf, proxyChannel } from './grant.js';

// A proxy signs in as themself: their proxy id, the NHS number of the patient they act for,
// and a code sent to their own mobile or e-mail (docs/reference-host.md, "Proxies").

const NOT_FOUND =
  'We could not find you as acting for this patient. Check your proxy id and their NHS number.';

const refuse = (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  values: object,
  message: string,
  status = 400,
) =>
  ctx.views.page(request, reply.code(status), 'proxy/sign-in.njk', {
    values,
    errors: [{ field: 'proxyId', message }],
  });

/** GET /proxy/sign-in */
export const showSignIn = (ctx: RouteContext) => (request: FastifyRequest, reply: FastifyReply) =>
  ctx.views.page(request, reply, 'proxy/sign-in.njk', { values: {} });

/** POST /proxy/sign-in: a code to the proxy's own address if they act for this patient now. */
export const sendProxyCode =
  (ctx: RouteContext, throttle: SignInThrottle): Handler =>
  async (request, reply) => {
    const { sessions } = ctx;
    const form = formOf(request);
    const values = {
      proxyId: (form['proxyId'] ?? '').slice(0, 64),
      nhsNumber: (form['nhsNumber'] ?? '').slice(0, 20),
    };
    const proxyId = ProxyId.decode(form['proxyId'] ?? '');
    const nhsNumber = NhsNumber.decode(form['nhsNumber'] ?? '');
    if (proxyId._tag === 'Left' || nhsNumber._tag === 'Left')
      return refuse(
        ctx,
        request,
        reply,
        values,
        'Enter your proxy id and the patient’s NHS number',
      );
    // Slowed per proxy, known or not, so the answer says nothing about who is a proxy.
    const admission = await throttle.admit(request, `proxy:${proxyId.right}`);
    if (!admission.admitted) {
      void reply.header('retry-after', String(admission.retryAfterSeconds));
      return refuse(ctx, request, reply, values, waitMessage(admission.retryAfterSeconds), 429);
    }
    const patient = await ctx.consentry.findPatientByNhsNumber({ nhsNumber: nhsNumber.right })();
    const grant =
      patient._tag === 'Right'
        ? await grantOf(ctx, patient.right.patientId, proxyId.right)
        : undefined;
    const destination = grant === undefined ? null : proxyChannel(grant);
    if (patient._tag === 'Left' || destination === null) {
      await throttle.failed(admission);
      return refuse(ctx, request, reply, values, NOT_FOUND, 401);
    }
    const issued = await issueSignInCode(
      ctx,
      `proxy/${proxyId.right}`,
      destination,
      ctx.now().getTime(),
    );
    if ('tooMany' in issued)
      return refuse(
        ctx,
        request,
        reply,
        values,
        'We have sent you several codes already. Wait 15 minutes.',
        429,
      );
    if ('failed' in issued)
      return refuse(
        ctx,
        request,
        reply,
        values,
        'We could not send you a code just now. Try again later.',
        503,
      );
    const pending = {
      patientId: patient.right.patientId,
      proxyId: proxyId.right,
      ...issued.pending,
    };
    sessions.rotate(request, reply, { principal: null, pending, formTokens: [], flash: null });
    request.log.info(
      { event: 'proxy-sign-in-code-sent', channel: destination.channel },
      'sign-in code sent',
    );
    return reply.redirect('/proxy/sign-in/code', 303);
  };

/** GET /proxy/sign-in/code */
export const showCodeForm =
  (ctx: RouteContext) => (request: FastifyRequest, reply: FastifyReply) =>
    request.session.data.pending?.proxyId === undefined
      ? reply.redirect('/proxy/sign-in', 303)
      : ctx.views.page(request, reply, 'proxy/sign-in-code.njk', {});

/** POST /proxy/sign-in/code: the code entered; signed in as a proxy acting for that patient. */
export const checkProxyCode =
  (ctx: RouteContext, throttle: SignInThrottle): Handler =>
  async (request, reply) => {
    const { views, sessions } = ctx;
    const pending = request.session.data.pending;
    const page = (message: string, status: number) =>
      views.page(request, reply.code(status), 'proxy/sign-in-code.njk', {
        errors: [{ field: 'code', message }],
      });
    const checked = await checkPendingCode(
      ctx,
      pending?.proxyId === undefined ? null : { ...pending, proxyId: pending.proxyId },
      formOf(request)['code'],
      ctx.now().getTime(),
      (next) => sessions.save(request, reply, { ...request.session.data, pending: next }),
    );
    if ('refused' in checked) return page(checked.refused.message, checked.refused.status);
    const { proxyId, patientId } = checked.matched;
    await throttle.succeeded(request, reply, `proxy:${proxyId}`);
    sessions.rotate(request, reply, {
      principal: { kind: 'proxy', proxyId, patientId },
      pending: null,
      formTokens: [],
      flash: null,
    });
    request.log.info({ event: 'proxy-signed-in' }, 'proxy signed in');
    return reply.redirect('/proxy', 303);
  };
