import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { alertsVisibleTo } from '../security/alertsVisible.js';
import { contextOf } from '../http/commandContext.js';
import { role } from '../security/access.js';
import type { RouteContext } from '../http/context.js';
import { organisationNames, run } from './common.js';
import { formOf } from '../http/forms.js';
import { registerReviewPages, whoIs } from './reviewPages.js';

const alertReaders = role(['practice-staff', 'privacy-officer', 'auditor']);
// Core lets only a privacy officer review an alert: nobody else is offered the forms.
const alertReviewers = role(['privacy-officer']);

/**
 * `/alerts`: practice staff and auditors read them; a privacy officer reads and reviews those
 * of their organisation and of its registered patients (the ones core lets them review).
 */
export const registerAlertPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const { views, sessions } = ctx;
  const flashTo = (request: FastifyRequest, reply: FastifyReply, flash: string, to: string) => {
    sessions.save(request, reply, { ...request.session.data, flash });
    return reply.redirect(to, 303);
  };

  app.get('/alerts', { config: { access: alertReaders } }, async (request, reply) => {
    const [alerts, names] = await Promise.all([
      run(
        alertsVisibleTo(
          ctx,
          request.principal!,
          await run(ctx.consentry.alerts({ status: 'open' })),
        ),
      ),
      organisationNames(ctx),
    ]);
    const who = await whoIs(ctx);
    // Which patient, by name and NHS number: what a reviewer looks up, and where the link goes.
    const patients = await Promise.all(
      alerts.map(async (a) => {
        const found = await ctx.consentry.patient({ patientId: a.patientId })();
        return found._tag === 'Right' ? found.right : undefined;
      }),
    );
    return views.page(request, reply, 'practice/alerts.njk', {
      canReview: request.principal?.kind === 'privacy-officer',
      alerts: alerts.map((a, i) => ({
        ...a,
        organisationName: names[a.organisationId] ?? a.organisationId,
        patient: patients[i],
        raisedByName: who(a.raisedBy),
        // The period around the alert: the week before it to now.
        reviewHref:
          patients[i] === undefined
            ? undefined
            : `/alerts/patients/${patients[i].nhsNumber}?from=${new Date(Date.parse(a.raisedAt) - 7 * 86_400_000).toISOString().slice(0, 10)}`,
      })),
    });
  });
  registerReviewPages(app, ctx);
  app.post(
    '/alerts/:alertId/review',
    { config: { access: alertReviewers } },
    async (request, reply) => {
      const alertId = String((request.params as { alertId: string }).alertId).slice(0, 128);
      const outcome = formOf(request)['outcome'];
      const visible = await run(
        alertsVisibleTo(
          ctx,
          request.principal!,
          await run(ctx.consentry.alerts({ status: 'open' })),
        ),
      );
      if (
        (outcome !== 'appropriate' && outcome !== 'inappropriate') ||
        !visible.some((a) => a.alertId === alertId)
      )
        return flashTo(
          request,
          reply,
          'Choose an open alert and whether the access was appropriate',
          '/alerts',
        );
      await run(ctx.consentry.reviewAlert({ alertId, outcome }, contextOf(request.principal!)));
      return flashTo(request, reply, 'Alert reviewed', '/alerts');
    },
  );
};
