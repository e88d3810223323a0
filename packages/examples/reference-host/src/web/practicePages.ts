import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Email,
  NhsNumber,
  OrganisationId,
  Preference,
  PreferredChannel,
  Text,
  UkMobile,
} from '@consentry/core';
import { role } from '../security/access.js';
import { contextOf } from '../http/commandContext.js';
import type { RouteContext } from '../http/context.js';
import { organisationNames, patientFor, run } from './common.js';
import { codeCanReach, NO_CODE_CAN_REACH, practiceChoiceText } from './practiceChoices.js';
import { decodeForm, formOf } from '../http/forms.js';
import { contactErrors } from './patientPortal.js';
import { registerAlertPages } from './alertPages.js';

const practiceOnly = role(['practice-staff']);
const ContactForm = t.intersection([
  t.type({ preferredChannel: PreferredChannel }),
  t.partial({ mobile: UkMobile, email: Email }),
]);
const ChoiceForm = t.intersection([
  t.type({ preference: Preference }),
  t.partial({ organisationId: OrganisationId }),
]);
const ReferralForm = t.intersection([t.type({ to: OrganisationId }), t.partial({ reason: Text })]);
const ListForm = t.type({
  organisationId: OrganisationId,
  list: t.keyof({ allowed: null, prohibited: null, remove: null }),
});

/** Practice staff: contact details, choices and referrals on a patient's behalf, the Allowed/Prohibited lists; alerts (alertPages.ts). */
export const registerPracticePages = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;
  const cfg = { config: { access: practiceOnly } };
  const practiceOf = (request: FastifyRequest): string => {
    const p = request.principal;
    if (p?.kind !== 'practice-staff')
      throw new Error('practiceOnly rule let another principal through');
    return p.organisationId;
  };
  const flashTo = (request: FastifyRequest, reply: FastifyReply, flash: string, to: string) => {
    sessions.save(request, reply, { ...request.session.data, flash });
    return reply.redirect(to, 303);
  };

  app.get('/practice', cfg, async (request, reply) => {
    const names = await organisationNames(ctx);
    const raw = (request.query as Record<string, unknown>)['nhsNumber'];
    const nhsNumber = typeof raw === 'string' ? NhsNumber.decode(raw) : undefined;
    if (nhsNumber !== undefined && E.isRight(nhsNumber))
      return reply.redirect(`/practice/patients/${nhsNumber.right}`, 303);
    return views.page(
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
  });

  const patientPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const [summary, names] = await Promise.all([
      run(ctx.consentry.sharingSummary({ patientId: patient.patientId })),
      organisationNames(ctx),
    ]);
    return views.page(request, reply.code(status), 'practice/patient.njk', {
      patient,
      base: `/practice/patients/${patient.nhsNumber}`,
      values: {
        mobile: patient.mobile,
        email: patient.email,
        preferredChannel: patient.preferredChannel ?? 'sms',
      },
      choiceRows: summary.preferences.map((p) => ({
        key: {
          text:
            p.organisationId === undefined
              ? 'All organisations'
              : (names[p.organisationId] ?? p.organisationId),
        },
        value: { text: practiceChoiceText(p) },
      })),
      organisationItems: [
        { value: '', text: 'All organisations' },
        ...Object.entries(names)
          .filter(([id]) => id !== patient.practiceId)
          .map(([value, text]) => ({ value, text })),
      ],
      referralItems: Object.entries(names)
        .filter(([id]) => id !== patient.practiceId)
        .map(([value, text]) => ({ value, text })),
      ...extra,
    });
  };
  app.get('/practice/patients/:nhsNumber', cfg, (request, reply) => patientPage(request, reply));

  app.post('/practice/patients/:nhsNumber/contact', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const form = formOf(request);
    const values = {
      mobile: form['mobile'] || undefined,
      email: form['email'] || undefined,
      preferredChannel: form['preferredChannel'],
    };
    const decoded = decodeForm(ContactForm, values);
    if (E.isLeft(decoded))
      return patientPage(request, reply, { values, errors: contactErrors(decoded.left) }, 400);
    await run(
      ctx.consentry.recordContactDetails(
        { patientId: patient.patientId, ...decoded.right },
        contextOf(request.principal!),
      ),
    );
    return flashTo(
      request,
      reply,
      'Contact details saved',
      `/practice/patients/${patient.nhsNumber}`,
    );
  });

  app.post('/practice/patients/:nhsNumber/choices', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const form = formOf(request);
    const decoded = decodeForm(ChoiceForm, {
      ...form,
      organisationId: form['organisationId'] || undefined,
    });
    if (E.isLeft(decoded))
      return patientPage(
        request,
        reply,
        { errors: [{ field: 'preference', message: 'Choose the patient’s choice' }] },
        400,
      );
    const { preference, organisationId } = decoded.right;
    // A code can never reach a patient with no mobile, e-mail or portal: refused, nothing saved.
    if (preference === 'require-verification' && !codeCanReach(patient))
      return patientPage(request, reply, { errors: [NO_CODE_CAN_REACH] }, 400);
    await run(
      ctx.consentry.setSharingPreference(
        {
          patientId: patient.patientId,
          preference,
          setBy: 'practice',
          ...(organisationId === undefined ? {} : { organisationId }),
        },
        contextOf(request.principal!, 'recorded by the practice on the patient’s behalf'),
      ),
    );
    return flashTo(
      request,
      reply,
      'The patient’s choice has been saved',
      `/practice/patients/${patient.nhsNumber}`,
    );
  });

  // The registered practice refers the patient: a care relationship there, with no alert.
  app.post('/practice/patients/:nhsNumber/referral', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const form = formOf(request);
    const decoded = decodeForm(ReferralForm, {
      to: form['to'],
      reason: (form['reason'] ?? '').trim() || undefined,
    });
    if (E.isLeft(decoded))
      return patientPage(
        request,
        reply,
        { errors: [{ field: 'to', message: 'Choose the organisation to refer the patient to' }] },
        400,
      );
    const { to, reason } = decoded.right;
    await run(
      ctx.consentry.referCare(
        {
          patientId: patient.patientId,
          from: practiceOf(request),
          to,
          ...(reason === undefined ? {} : { reason }),
        },
        contextOf(request.principal!, 'referral'),
      ),
    );
    return flashTo(
      request,
      reply,
      'The patient has been referred',
      `/practice/patients/${patient.nhsNumber}`,
    );
  });

  app.post('/practice/patients/:nhsNumber/portal', cfg, async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    await run(
      ctx.consentry.enrolPortal({ patientId: patient.patientId }, contextOf(request.principal!)),
    );
    return flashTo(
      request,
      reply,
      'The patient can now use the online portal',
      `/practice/patients/${patient.nhsNumber}`,
    );
  });

  const listsPage = async (request: FastifyRequest, reply: FastifyReply, errors: object[] = []) => {
    const practiceId = practiceOf(request);
    const [lists, names] = await Promise.all([
      run(ctx.consentry.practiceLists({ organisationId: practiceId })),
      organisationNames(ctx),
    ]);
    const named = (ids: readonly string[]) => ids.map((id) => ({ id, name: names[id] ?? id }));
    return views.page(request, reply.code(errors.length ? 400 : 200), 'practice/lists.njk', {
      allowed: named(lists.allowed),
      prohibited: named(lists.prohibited),
      organisationItems: Object.entries(names)
        .filter(([id]) => id !== practiceId)
        .map(([value, text]) => ({ value, text })),
      errors,
    });
  };
  app.get('/practice/lists', cfg, (request, reply) => listsPage(request, reply));
  app.post('/practice/lists', cfg, async (request, reply) => {
    const decoded = decodeForm(ListForm, formOf(request));
    if (E.isLeft(decoded))
      return listsPage(request, reply, [
        { field: 'list', message: 'Choose an organisation and a list' },
      ]);
    const input = { practiceId: practiceOf(request), organisationId: decoded.right.organisationId };
    const command = {
      allowed: ctx.consentry.allowOrganisation,
      prohibited: ctx.consentry.prohibitOrganisation,
      remove: ctx.consentry.removeFromPracticeLists,
    }[decoded.right.list];
    await run(command(input, contextOf(request.principal!)));
    return flashTo(request, reply, 'The lists have been updated', '/practice/lists');
  });

  registerAlertPages(app, ctx);
};
