import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '@consentry/core';
import type { FastifyInstance } from 'fastify';
import { parseInstant } from '../audit/asOf.js';
import { loadReport } from '../audit/report.js';
import { loadTimeline } from '../audit/timeline.js';
import { timelineSvg } from '../audit/timelineSvg.js';
import { role } from '../security/access.js';
import type { RouteContext } from '../http/context.js';
import { organisationNames, patientFor } from './common.js';

const reviewers = role(['practice-staff', 'privacy-officer', 'auditor']);
const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;

/** Staff accounts by user name, to say who did something in words (an API token stays its id). */
export const whoIs = async (ctx: RouteContext): Promise<(actor: Actor) => string> => {
  const names = new Map((await ctx.hostDb.listAccounts()).map((a) => [a.username, a.displayName]));
  return (actor) => {
    const name = names.get(actor.id);
    return name === undefined ? `${actor.kind} ${actor.id}` : `${name} (${actor.id})`;
  };
};

interface Period {
  readonly period?: { readonly from: Date; readonly to: Date };
  readonly values: { readonly from: string; readonly to: string };
  readonly errors: readonly { readonly field: string; readonly message: string }[];
}

/** The period asked for (dates or instants), by default the last 30 days; a date alone for "to" is that whole day. */
export const periodOf = (query: unknown, now: Date): Period => {
  const q = (query ?? {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const v = q[key];
    return typeof v === 'string' ? v.trim().slice(0, 30) : '';
  };
  const values = {
    from:
      text('from') || new Date(now.getTime() - DEFAULT_DAYS * DAY_MS).toISOString().slice(0, 10),
    to: text('to') || now.toISOString().slice(0, 10),
  };
  const from = parseInstant(values.from);
  const to = text('to') === '' ? now : parseInstant(values.to);
  const until =
    to !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(values.to) && text('to') !== ''
      ? new Date(to.getTime() + DAY_MS - 1)
      : to;
  const errors = [
    ...(from === undefined ? [{ field: 'from', message: 'Enter a date like 2026-07-01' }] : []),
    ...(until === undefined ? [{ field: 'to', message: 'Enter a date like 2026-07-31' }] : []),
  ];
  if (from === undefined || until === undefined) return { values, errors };
  if (from.getTime() >= until.getTime())
    return { values, errors: [{ field: 'from', message: 'The start must be before the end' }] };
  return { period: { from, to: until }, values, errors };
};

/**
 * `/alerts/patients/:nhsNumber`: for a reviewer, who could see one patient's record over a
 * period (core's as-of replay, drawn), every decision with its rule trail, the openings and
 * emergencies, and the refused attempts. The same readers as the patient's access history
 * in the API: the patient's practice, privacy officers and auditors.
 */
export const registerReviewPages = (app: FastifyInstance, ctx: RouteContext): void => {
  app.get(
    '/alerts/patients/:nhsNumber',
    { config: { access: reviewers } },
    async (request, reply) => {
      const patient = await patientFor(ctx, request, ['practice', 'privacy-officer', 'auditor']);
      const { period, values, errors } = periodOf(request.query, ctx.now());
      const [timeline, report, names] = await Promise.all([
        period === undefined ? undefined : loadTimeline(ctx.eventStore, patient.nhsNumber, period),
        period === undefined
          ? undefined
          : loadReport(
              { store: ctx.eventStore, label: 'the event store' },
              patient.nhsNumber,
              period,
            ),
        organisationNames(ctx),
      ]);
      const who = await whoIs(ctx);
      const loaded = report !== undefined && E.isRight(report) ? report.right : undefined;
      return ctx.views.page(request, reply.code(errors.length ? 400 : 200), 'practice/review.njk', {
        patient,
        values,
        errors,
        svg:
          timeline !== undefined && E.isRight(timeline) ? timelineSvg(timeline.right) : undefined,
        entries: (loaded?.entries ?? []).map((e) => ({
          ...e,
          organisation:
            e.organisationId === undefined ? '' : (names[e.organisationId] ?? e.organisationId),
          by: who(e.actor),
        })),
        refused: (loaded?.refused ?? []).map((a) => ({
          ...a,
          organisation: a.about === undefined ? '' : (names[a.about] ?? a.about),
          by: who(a.actor),
        })),
      });
    },
  );
};
