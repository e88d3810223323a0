import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NhsNumber, type PatientDetails } from '@consentry/core';
import { publicRoute } from '../security/access.js';
import { checkPendingCode, issueSignInCode } from '../security/signInCode.js';
import type { RouteContext } from '../http/context.js';
import { formOf } from '../http/forms.js';
import { signInThrottleFor, waitMessage } from './signInThrottling.js';
import { oidcSignInFor } from '../oidc/routes.js';
import type { SignInThrottle } from '../security/signInThrottle.js';

const NOT_FOUND =
  'We could not find you with those details. Check your NHS number and date of birth.';

const dateOfBirthFrom = (form: Readonly<Record<string, string>>): string | null => {
  const [day, month, year] = ['day', 'month', 'year'].map((part) =>
    (form[`dateOfBirth[${part}]`] ?? '').trim(),
  );
  if (!/^\d{1,2}$/.test(day ?? '') || !/^\d{1,2}$/.test(month ?? '') || !/^\d{4}$/.test(year ?? ''))
    return null;
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
};

/** The sign-in form's errors: both fields when both are wrong. */
const signInProblems = (badNhsNumber: boolean, dateOfBirth: string | null) => [
  ...(badNhsNumber ? [{ field: 'nhsNumber', message: 'Enter a valid 10 digit NHS number' }] : []),
  ...(dateOfBirth === null
    ? [{ field: 'dateOfBirth', message: 'Enter your date of birth, like 15 3 1984' }]
    : []),
];

/** Where the code goes: the preferred channel if recorded, else whichever exists. */
const codeChannel = (patient: PatientDetails): { channel: 'sms' | 'email'; to: string } | null => {
  const byPreference = patient.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  for (const channel of byPreference) {
    if (channel === 'sms' && patient.mobile) return { channel: 'sms', to: patient.mobile };
    if (channel === 'email' && patient.email) return { channel: 'email', to: patient.email };
  }
  return null;
};

/** A field and its message, or (for a form with several empty fields) every field's error. */
type Refuse = (
  request: FastifyRequest,
  reply: FastifyReply,
  values: object,
  field: string | readonly { field: string; message: string }[],
  message?: string,
  status?: number,
) => FastifyReply | Promise<FastifyReply>;

/** Patients sign in with NHS number and date of birth, then a one-time code sent to their recorded contact. */
export const registerPatientSignIn = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views } = ctx;
  const throttle = signInThrottleFor(ctx);
  const signIn = oidcSignInFor(ctx);
  const choices = { localSignIn: signIn.local, oidcPatient: signIn.patient !== null };
  const refuse: Refuse = (request, reply, values, field, message = '', status = 400) =>
    views.page(request, reply.code(status), 'patient-sign-in.njk', {
      values,
      ...choices,
      errors: typeof field === 'string' ? [{ field, message }] : field,
    });

  app.get('/patient/sign-in', { config: { access: publicRoute } }, (request, reply) =>
    views.page(request, reply, 'patient-sign-in.njk', { values: {}, ...choices }),
  );
  // Off in production unless CONSENTRY_LOCAL_SIGN_IN=on (config/signIn.ts): then NHS login only.
  if (signIn.local) registerLocalPatientSignIn(app, ctx, refuse, throttle);
};

const registerLocalPatientSignIn = (
  app: FastifyInstance,
  ctx: RouteContext,
  refuse: Refuse,
  throttle: SignInThrottle,
): void => {
  const { views, sessions } = ctx;
  const attempts = { rateLimit: { max: ctx.limits.attemptsPerMinute, timeWindow: 60_000 } };

  app.post(
    '/patient/sign-in',
    { config: { access: publicRoute, ...attempts } },
    async (request, reply) => {
      const form = formOf(request);
      const values = {
        nhsNumber: (form['nhsNumber'] ?? '').slice(0, 20),
        day: (form['dateOfBirth[day]'] ?? '').slice(0, 2),
        month: (form['dateOfBirth[month]'] ?? '').slice(0, 2),
        year: (form['dateOfBirth[year]'] ?? '').slice(0, 4),
      };
      const nhsNumber = NhsNumber.decode(form['nhsNumber'] ?? '');
      const dateOfBirth = dateOfBirthFrom(form);
      // Every field that is wrong is flagged at once, not one per try.
      if (nhsNumber._tag === 'Left' || dateOfBirth === null)
        return refuse(
          request,
          reply,
          values,
          signInProblems(nhsNumber._tag === 'Left', dateOfBirth),
        );
      // Slowed per NHS number, known or not, so the answer says nothing about which exist.
      const admission = await throttle.admit(request, `nhs:${nhsNumber.right}`);
      if (!admission.admitted) {
        void reply.header('retry-after', String(admission.retryAfterSeconds));
        const wait = waitMessage(admission.retryAfterSeconds);
        return refuse(request, reply, values, 'nhsNumber', wait, 429);
      }
      const found = await ctx.consentry.findPatientByNhsNumber({ nhsNumber: nhsNumber.right })();
      if (found._tag === 'Left' || found.right.dateOfBirth !== dateOfBirth) {
        await throttle.failed(admission);
        return refuse(request, reply, values, 'nhsNumber', NOT_FOUND, 401);
      }
      const patient = found.right;
      const destination = codeChannel(patient);
      if (destination === null)
        return refuse(
          request,
          reply,
          values,
          'nhsNumber',
          'Your GP practice has no mobile number or email address for you. Ask them to add one.',
          409,
        );
      const issued = await issueSignInCode(
        ctx,
        patient.patientId,
        destination,
        ctx.now().getTime(),
      );
      if ('tooMany' in issued)
        return refuse(
          request,
          reply,
          values,
          'nhsNumber',
          'We have sent you several codes already. Wait 15 minutes and try again.',
          429,
        );
      if ('failed' in issued) {
        request.log.warn(
          { event: 'sign-in-code-not-sent', reason: issued.failed.reason },
          'sign-in code not sent',
        );
        return refuse(
          request,
          reply,
          values,
          'nhsNumber',
          'We could not send you a code just now. Try again later.',
          503,
        );
      }
      const pending = { patientId: patient.patientId, ...issued.pending };
      sessions.rotate(request, reply, { principal: null, pending, formTokens: [], flash: null });
      request.log.info(
        { event: 'sign-in-code-sent', channel: destination.channel },
        'sign-in code sent',
      );
      return reply.redirect(`/patient/sign-in/code?channel=${destination.channel}`, 303);
    },
  );

  app.get('/patient/sign-in/code', { config: { access: publicRoute } }, (request, reply) => {
    if (request.session.data.pending === null) return reply.redirect('/patient/sign-in', 303);
    const channel =
      (request.query as Record<string, unknown>)['channel'] === 'email' ? 'email' : 'sms';
    return views.page(request, reply, 'patient-sign-in-code.njk', { channel });
  });

  app.post(
    '/patient/sign-in/code',
    { config: { access: publicRoute, ...attempts } },
    async (request, reply) => {
      // A proxy's sign-in (its code went to the proxy) never signs anyone in as the patient.
      const held = request.session.data.pending;
      const pending = held?.proxyId === undefined ? held : null;
      const page = (message: string, status: number) =>
        views.page(request, reply.code(status), 'patient-sign-in-code.njk', {
          errors: [{ field: 'code', message }],
        });
      const checked = await checkPendingCode(
        ctx,
        pending,
        formOf(request)['code'],
        ctx.now().getTime(),
        (next) => sessions.save(request, reply, { ...request.session.data, pending: next }),
      );
      if ('refused' in checked) {
        if (checked.wrong)
          request.log.info(
            { event: 'sign-in-code-rejected', locked: checked.locked },
            'sign-in code rejected',
          );
        return page(checked.refused.message, checked.refused.status);
      }
      const patient = await ctx.consentry.patient({ patientId: checked.matched.patientId })();
      if (patient._tag === 'Right')
        await throttle.succeeded(request, reply, `nhs:${patient.right.nhsNumber}`);
      sessions.rotate(request, reply, {
        principal: { kind: 'patient', patientId: checked.matched.patientId },
        pending: null,
        formTokens: [],
        flash: null,
      });
      request.log.info({ event: 'patient-signed-in' }, 'patient signed in');
      return reply.redirect('/patient', 303);
    },
  );
};
