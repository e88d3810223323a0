import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Email,
  OrganisationId,
  Preference,
  PreferredChannel,
  UkMobile,
  type PatientDetails,
} from '@consentry/core';
import { role } from '../security/access.js';
import { contextOf } from '../http/commandContext.js';
import type { RouteContext } from '../http/context.js';
import { basisForPatient, organisationNames, reasonForPatient, run } from './common.js';
import { decodeForm, formOf } from '../http/forms.js';
import { oneRowPerEmergency, waitingForCare } from './patientRows.js';

const patientOnly = role(['patient']);

export const CHOICE: Readonly<Record<string, string>> = {
  allow: 'Share my record',
  'require-verification': 'Ask me for a security code first',
  deny: 'Do not share my record',
};

const ContactForm = t.intersection([
  t.type({ preferredChannel: PreferredChannel }),
  t.partial({ mobile: UkMobile, email: Email }),
]);
const ChoiceForm = t.intersection([
  t.type({ preference: Preference }),
  t.partial({ organisationId: OrganisationId }),
]);

/** The patient portal: choices, who can see the record, history, pending requests, contact details. */
export const registerPatientPortal = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;
  const me = async (request: FastifyRequest): Promise<PatientDetails> => {
    const principal = request.principal;
    if (principal?.kind !== 'patient')
      throw new Error('patientOnly rule let a non-patient through');
    return run(ctx.consentry.patient({ patientId: principal.patientId }));
  };
  const done = (request: FastifyRequest, reply: FastifyReply, flash: string, to = '/patient') => {
    sessions.save(request, reply, { ...request.session.data, flash });
    return reply.redirect(to, 303);
  };

  /** Requests waiting for this patient's answer: open challenges that reach the portal. */
  const pendingFor = async (patientId: string) => {
    const organisations = await run(ctx.consentry.organisations());
    const open = await Promise.all(
      organisations.map((o) =>
        run(ctx.consentry.openChallenges({ organisationId: o.organisationId })),
      ),
    );
    return open.flat().filter((c) => c.patientId === patientId && c.channels.includes('portal'));
  };

  const home = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: readonly { field: string; message: string }[] = [],
  ) => {
    const patient = await me(request);
    const [summary, names, pending, endNotices] = await Promise.all([
      run(ctx.consentry.sharingSummary({ patientId: patient.patientId })),
      organisationNames(ctx),
      pendingFor(patient.patientId),
      run(ctx.consentry.endNotices({ patientId: patient.patientId })),
    ]);
    const forAll = summary.preferences.find((p) => p.organisationId === undefined);
    const choiceRows = [
      {
        key: { text: 'All organisations' },
        value: { text: forAll ? CHOICE[forAll.preference] : 'You have not chosen yet' },
      },
      ...summary.preferences
        .filter((p) => p.organisationId !== undefined)
        .map((p) => ({
          key: { text: names[p.organisationId!] ?? p.organisationId },
          value: { text: CHOICE[p.preference] },
        })),
    ];
    return views.page(request, reply.code(errors.length ? 400 : 200), 'patient/home.njk', {
      patient,
      summary,
      names,
      pending,
      choiceRows,
      endNotices,
      waitingForCare: waitingForCare(summary, patient.practiceId, names),
      canSee: summary.canSeeNow
        .filter((c) => c.organisationId !== patient.practiceId)
        .map((c) => ({
          ...c,
          name: names[c.organisationId] ?? c.organisationId,
          why: basisForPatient(c.basis),
        })),
      organisationItems: [
        { value: '', text: 'All organisations' },
        ...Object.entries(names)
          .filter(([id]) => id !== patient.practiceId)
          .map(([value, text]) => ({ value, text })),
      ],
      errors,
    });
  };

  app.get('/patient', { config: { access: patientOnly } }, (request, reply) =>
    home(request, reply),
  );

  app.post('/patient/choices', { config: { access: patientOnly } }, async (request, reply) => {
    const patient = await me(request);
    const form = formOf(request);
    const decoded = decodeForm(ChoiceForm, {
      ...form,
      organisationId: form['organisationId'] || undefined,
    });
    if (E.isLeft(decoded))
      return home(request, reply, [
        { field: 'preference', message: 'Choose who can see your record' },
      ]);
    const { preference, organisationId } = decoded.right;
    await run(
      ctx.consentry.setSharingPreference(
        {
          patientId: patient.patientId,
          preference,
          setBy: 'patient',
          ...(organisationId === undefined ? {} : { organisationId }),
        },
        contextOf(request.principal!),
      ),
    );
    return done(request, reply, 'Your choice has been saved');
  });

  // Whether she is told when a consent she gave for a limited time ends (docs/reference-host.md).
  app.post('/patient/end-notices', { config: { access: patientOnly } }, async (request, reply) => {
    const patient = await me(request);
    const tell = formOf(request)['tell'];
    if (tell !== 'yes' && tell !== 'no')
      return home(request, reply, [{ field: 'tell', message: 'Choose whether we tell you' }]);
    await run(
      ctx.consentry.chooseEndNotices(
        { patientId: patient.patientId, tell: tell === 'yes' },
        contextOf(request.principal!),
      ),
    );
    return done(
      request,
      reply,
      tell === 'yes'
        ? 'We will tell you when a consent you gave for a limited time ends'
        : 'We will not tell you when a consent you gave for a limited time ends',
    );
  });

  app.post(
    '/patient/stop-sharing/:organisationId',
    { config: { access: patientOnly } },
    async (request, reply) => {
      const patient = await me(request);
      const organisationId = OrganisationId.decode(
        (request.params as { organisationId: string }).organisationId,
      );
      if (E.isLeft(organisationId))
        return home(request, reply, [
          { field: 'organisationId', message: 'Choose an organisation' },
        ]);
      const input = { patientId: patient.patientId, organisationId: organisationId.right };
      // Stopping means "no" from now on, not "ask me again": withdraw the consent and say deny.
      await run(ctx.consentry.withdrawConsent(input, contextOf(request.principal!)));
      await run(
        ctx.consentry.setSharingPreference(
          { ...input, preference: 'deny', setBy: 'patient' },
          contextOf(request.principal!),
        ),
      );
      const names = await organisationNames(ctx);
      return done(
        request,
        reply,
        `${names[organisationId.right] ?? 'The organisation'} can no longer see your record`,
      );
    },
  );

  app.post(
    '/patient/requests/:organisationId',
    { config: { access: patientOnly } },
    async (request, reply) => {
      const patient = await me(request);
      const organisationId = OrganisationId.decode(
        (request.params as { organisationId: string }).organisationId,
      );
      const answer = formOf(request)['answer'];
      if (E.isLeft(organisationId) || (answer !== 'approve' && answer !== 'refuse'))
        return home(request, reply, [
          { field: 'answer', message: 'Choose whether to share your record' },
        ]);
      const input = { patientId: patient.patientId, organisationId: organisationId.right };
      const command =
        answer === 'approve' ? ctx.consentry.approveOnline : ctx.consentry.refuseOnline;
      await run(command(input, contextOf(request.principal!)));
      return done(
        request,
        reply,
        answer === 'approve'
          ? 'You have agreed to share your record'
          : 'You have said no to sharing your record',
      );
    },
  );

  app.get('/patient/history', { config: { access: patientOnly } }, async (request, reply) => {
    const patient = await me(request);
    const [history, names] = await Promise.all([
      run(ctx.consentry.accessHistory({ patientId: patient.patientId })),
      organisationNames(ctx),
    ]);
    return views.page(request, reply, 'patient/history.njk', {
      entries: oneRowPerEmergency(history.entries).map((e) => ({
        ...e,
        name: names[e.organisationId] ?? e.organisationId,
        why: basisForPatient(e.basis),
      })),
      refused: history.refused.map((r) => ({
        ...r,
        name: names[r.organisationId] ?? r.organisationId,
        why: reasonForPatient(r.reason),
      })),
      // What a parent, carer or attorney did for the patient (docs/reference-host.md, "Proxies").
      byProxy: history.byProxy.map((a) => ({
        ...a,
        name: a.organisationId === undefined ? '' : (names[a.organisationId] ?? a.organisationId),
      })),
    });
  });

  const contactPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: object,
    errors: object[] = [],
  ) => {
    const patient = await me(request);
    return views.page(request, reply.code(errors.length ? 400 : 200), 'patient/contact.njk', {
      values: values ?? {
        mobile: patient.mobile,
        email: patient.email,
        preferredChannel: patient.preferredChannel ?? 'sms',
      },
      errors,
    });
  };
  app.get('/patient/contact', { config: { access: patientOnly } }, (request, reply) =>
    contactPage(request, reply),
  );
  app.post('/patient/contact', { config: { access: patientOnly } }, async (request, reply) => {
    const patient = await me(request);
    const form = formOf(request);
    const values = {
      mobile: form['mobile'] || undefined,
      email: form['email'] || undefined,
      preferredChannel: form['preferredChannel'],
    };
    const decoded = decodeForm(ContactForm, values);
    if (E.isLeft(decoded)) return contactPage(request, reply, values, contactErrors(decoded.left));
    await run(
      ctx.consentry.recordContactDetails(
        { patientId: patient.patientId, ...decoded.right },
        contextOf(request.principal!),
      ),
    );
    return done(request, reply, 'Your contact details have been saved');
  });
};

/** Plain-English messages for the contact form's fields. */
export const contactErrors = (problems: readonly { field: string }[]) =>
  problems.map(({ field }) => ({
    field,
    message:
      field === 'mobile'
        ? 'Enter a UK mobile number, like 07700 900123'
        : field === 'email'
          ? 'Enter an email address, like name@example.com'
          : 'Choose how we should send you codes',
  }));
