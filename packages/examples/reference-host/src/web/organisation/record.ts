import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { WITHHELD } from '../../host/records.js';
import { describeDecision, organisationNames, run } from '../common.js';
import { flashTo, type Handler } from '../flash.js';
import { base, orgOf, patientOf } from './common.js';

/** How long after opening the record its page can be reloaded without opening it again. */
const RECORD_VIEW_MS = 10 * 60_000;

/**
 * POST /organisation/patients/:nhsNumber/record. Opening the record is recorded
 * (RecordViewed), so it is a POST, never a link a crawler could follow; it then redirects to
 * a page that can be reloaded (post, redirect, get).
 */
export const openRecord =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientOf(ctx, request);
    await run(
      ctx.consentry.viewRecord(
        { patientId: patient.patientId, organisationId: orgOf(request) },
        contextOf(request.principal!),
      ),
    );
    return reply.redirect(`${base(patient)}/record`, 303);
  };

/**
 * GET /organisation/patients/:nhsNumber/record. The page shows the record only to the person
 * whose opening was recorded in the last RECORD_VIEW_MS, and only while the decision still
 * permits: anything else goes back to the patient's page, where opening it is recorded again.
 */
export const showRecord =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientOf(ctx, request);
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
        ctx,
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
    return ctx.views.page(request, reply, 'organisation/record.njk', {
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
  };
