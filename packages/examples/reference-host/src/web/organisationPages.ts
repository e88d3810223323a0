import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boundedText, NhsNumber, Text, type PatientDetails } from '@consentry/core';
import { problemFromError } from '../http/problems.js';
import { role } from '../security/access.js';
import { contextOf } from '../http/commandContext.js';
import type { RouteContext } from '../http/context.js';
import { describeDecision, organisationNames, patientFor, run } from './common.js';
import { formOf } from '../http/forms.js';
import { registerCodePages } from './codePages.js';
import { WITHHELD } from '../host/records.js';

const staffOnly = role(['organisation-staff']);
const Justification = boundedText('Justification', 2000);
/** What is wrong with an emergency justification, said for what was typed. */
const justificationProblem = (text: string): string =>
  text.trim() === ''
    ? 'Say why you need emergency access'
    : text.length > 2000
      ? 'The reason must be 2000 characters or fewer'
      : 'Say more about why you need emergency access: at least 10 letters or figures';
/** How long after opening the record its page can be reloaded without opening it again. */
const RECORD_VIEW_MS = 10 * 60_000;

/** Organisation staff: find a patient, record care, request access, enter the code, emergency access, view the record. */
export const registerOrganisationPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;
  const cfg = { config: { access: staffOnly } };
  const orgOf = (request: FastifyRequest): string => {
    const p = request.principal;
    if (p?.kind !== 'organisation-staff')
      throw new Error('staffOnly rule let a non-staff principal through');
    return p.organisationId;
  };
  const patientOf = (request: FastifyRequest) => patientFor(ctx, request, ['organisation']);
  const base = (patient: PatientDetails) => `/organisation/patients/${patient.nhsNumber}`;
  const flashTo = (request: FastifyRequest, reply: FastifyReply, flash: string, to: string) => {
    sessions.save(request, reply, { ...request.session.data, flash });
    return reply.redirect(to, 303);
  };

  app.get('/organisation', cfg, async (request, reply) => {
    const names = await organisationNames(ctx);
    const raw = (request.query as Record<string, unknown>)['nhsNumber'];
    if (typeof raw === 'string') {
      const nhsNumber = NhsNumber.decode(raw);
      if (E.isRight(nhsNumber))
        return reply.redirect(`/organisation/patients/${nhsNumber.right}`, 303);
      return views.page(request, reply.code(400), 'organisation/home.njk', {
        organisationName: names[orgOf(request)],
        values: { nhsNumber: raw.slice(0, 20) },
        errors: [{ field: 'nhsNumber', message: 'Enter a valid 10 digit NHS number' }],
      });
    }
    return views.page(request, reply, 'organisation/home.njk', {
      organisationName: names[orgOf(request)],
      values: {},
    });
  });

  const patientPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const patient = await patientOf(request);
    const organisationId = orgOf(request);
    const [decision, names, open] = await Promise.all([
      run(ctx.consentry.checkAccess({ patientId: patient.patientId, organisationId })),
      organisationNames(ctx),
      run(ctx.consentry.openChallenges({ organisationId })),
    ]);
    return views.page(request, reply.code(status), 'organisation/patient.njk', {
      patient,
      decision,
      explanation: describeDecision(decision),
      needsCare: decision.outcome === 'deny' && decision.reason === 'no-care-relationship',
      challenge: open.find((c) => c.patientId === patient.patientId),
      organisationName: names[organisationId],
      base: base(patient),
      ...extra,
    });
  };
  app.get('/organisation/patients/:nhsNumber', cfg, (request, reply) =>
    patientPage(request, reply),
  );

  // Staff can only claim care by hand, with a reason: it raises a privacy-officer alert. Care
  // that is not a claim comes from the organisation's own system feed or a referral.
  app.post('/organisation/patients/:nhsNumber/care', cfg, async (request, reply) => {
    const patient = await patientOf(request);
    const text = (formOf(request)['reason'] ?? '').trim();
    const reason = Text.decode(text);
    if (E.isLeft(reason))
      return patientPage(
        request,
        reply,
        {
          errors: [
            {
              field: 'reason',
              message:
                text === ''
                  ? 'Say why you are caring for this patient'
                  : 'The reason must be 2000 characters or fewer',
            },
          ],
        },
        400,
      );
    await run(
      ctx.consentry.startCare(
        {
          patientId: patient.patientId,
          organisationId: orgOf(request),
          selfClaimed: true,
          reason: reason.right,
        },
        contextOf(request.principal!, 'care relationship claimed by staff'),
      ),
    );
    return flashTo(
      request,
      reply,
      'Care relationship recorded. A privacy officer will review it.',
      base(patient),
    );
  });

  app.post('/organisation/patients/:nhsNumber/request', cfg, async (request, reply) => {
    const patient = await patientOf(request);
    const result = await run(
      ctx.consentry.requestAccess(
        { patientId: patient.patientId, organisationId: orgOf(request), purpose: 'TREAT' },
        contextOf(request.principal!, 'direct care'),
      ),
    );
    if (result.outcome === 'verify') return reply.redirect(`${base(patient)}/code`, 303);
    return flashTo(request, reply, describeDecision(result), base(patient));
  });

  registerCodePages(app, ctx, { orgOf, patientOf, base, flashTo });

  app.post('/organisation/patients/:nhsNumber/in-person', cfg, async (request, reply) => {
    const patient = await patientOf(request);
    const answer = formOf(request)['answer'];
    if (answer !== 'consent' && answer !== 'dissent')
      return patientPage(
        request,
        reply,
        { errors: [{ field: 'answer', message: 'Choose the patient’s answer' }] },
        400,
      );
    const recorded = await ctx.consentry.recordInPersonAnswer(
      { patientId: patient.patientId, organisationId: orgOf(request), answer },
      contextOf(request.principal!, 'asked in person'),
    )();
    if (E.isLeft(recorded)) {
      // Core's refusal (e.g. an out-of-area organisation must use the code) is shown on the
      // patient's page; nothing was recorded but the refused attempt's trace.
      const problem = problemFromError(recorded.left);
      if (problem.statusCode >= 500 || recorded.left._tag !== 'NotPermitted') throw problem;
      return patientPage(
        request,
        reply,
        { refusal: 'The patient’s answer was not recorded.', refusalDetail: problem.detail },
        403,
      );
    }
    return flashTo(request, reply, 'The patient’s answer has been recorded', base(patient));
  });

  app.get('/organisation/patients/:nhsNumber/emergency', cfg, async (request, reply) => {
    const patient = await patientOf(request);
    return views.page(request, reply, 'organisation/emergency.njk', {
      patient,
      base: base(patient),
      values: {},
    });
  });
  app.post('/organisation/patients/:nhsNumber/emergency', cfg, async (request, reply) => {
    const patient = await patientOf(request);
    const text = formOf(request)['justification'] ?? '';
    const justification = Justification.decode(text);
    const tryAgain = () =>
      views.page(request, reply.code(400), 'organisation/emergency.njk', {
        patient,
        base: base(patient),
        values: { justification: text.slice(0, 2000) },
        errors: [{ field: 'justification', message: justificationProblem(text) }],
      });
    if (E.isLeft(justification)) return tryAgain();
    const result = await ctx.consentry.requestAccess(
      {
        patientId: patient.patientId,
        organisationId: orgOf(request),
        purpose: 'ETREAT',
        justification: justification.right,
      },
      contextOf(request.principal!, 'emergency access'),
    )();
    // Core wants a justification that says something (docs/domain.md): shown on the form.
    if (E.isLeft(result) && result.left._tag === 'InvalidInput') return tryAgain();
    if (E.isLeft(result)) throw problemFromError(result.left);
    return flashTo(request, reply, describeDecision(result.right), base(patient));
  });

  // Opening the record is recorded (RecordViewed), so it is a POST, never a link a crawler could
  // follow; it then redirects to a page that can be reloaded (post, redirect, get).
  app.post('/organisation/patients/:nhsNumber/record', cfg, async (request, reply) => {
    const patient = await patientOf(request);
    await run(
      ctx.consentry.viewRecord(
        { patientId: patient.patientId, organisationId: orgOf(request) },
        contextOf(request.principal!),
      ),
    );
    return reply.redirect(`${base(patient)}/record`, 303);
  });

  // The page shows the record only to the person whose opening was recorded in the last
  // RECORD_VIEW_MS, and only while the decision still permits: anything else goes back to the
  // patient's page, where opening it is recorded again.
  app.get('/organisation/patients/:nhsNumber/record', cfg, async (request, reply) => {
    const patient = await patientOf(request);
    const organisationId = orgOf(request);
    const actor = contextOf(request.principal!).actor;
    const [history, decision] = await Promise.all([
      run(ctx.consentry.accessHistory({ patientId: patient.patientId })),
      run(ctx.consentry.checkAccess({ patientId: patient.patientId, organisationId })),
    ]);
    const since = ctx.now().getTime() - RECORD_VIEW_MS;
    const opened = history.entries.some(
      (e) =>
        e.kind === 'viewed' &&
        e.organisationId === organisationId &&
        e.actor.id === actor.id &&
        Date.parse(e.at) >= since,
    );
    if (!opened || decision.outcome !== 'permit')
      return flashTo(
        request,
        reply,
        'Open the shared record from here: each time it is opened is recorded.',
        base(patient),
      );
    const [summary, names] = await Promise.all([
      run(ctx.consentry.sharingSummary({ patientId: patient.patientId })),
      organisationNames(ctx),
    ]);
    // Which entries, and why the others are withheld: core's decision (docs/record-as-shared.md).
    const shared = await ctx.records.sharedView(
      patient.patientId,
      organisationId,
      summary,
      decision,
    );
    const where = (id: string) => names[id] ?? id;
    return views.page(request, reply, 'organisation/record.njk', {
      patient,
      base: base(patient),
      explanation: describeDecision(decision),
      entries: shared.visible.map((e) => ({ ...e, where: where(e.organisationId) })),
      withheld: shared.withheld.map((w) => ({
        recordedAt: w.entry.recordedAt,
        where: where(w.entry.organisationId),
        why: WITHHELD[w.reason],
      })),
    });
  });
};
