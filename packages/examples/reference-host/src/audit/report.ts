import * as E from 'fp-ts/lib/Either.js';
import {
  forEachEvent,
  HistoryFold,
  notificationStream,
  patientReport,
  streams,
  refusedCommandsOf,
  type RecordedEvent,
  type RefusedCommand,
  type ReportEntry,
  type ReportWindow,
} from '@consentry/core';
import type { AuditStore } from './store.js';

type Write = (text: string) => void;
export type ReportFormat = 'text' | 'json' | 'csv';

export interface LoadedReport {
  readonly patient: {
    readonly patientId: string;
    readonly nhsNumber: string;
    readonly name: string;
  };
  readonly organisationNames: ReadonlyMap<string, string>;
  readonly window: ReportWindow;
  readonly entries: readonly ReportEntry[];
  /** Commands the trust rules refused about the patient (kept apart from the consent stream). */
  readonly refused: readonly RefusedCommand[];
}

const inWindow = (window: ReportWindow, at: string): boolean => {
  const time = Date.parse(at);
  return (
    (window.from === undefined || time >= window.from.getTime()) &&
    (window.to === undefined || time <= window.to.getTime())
  );
};

/** The refused attempts on a patient's refusals stream within the window, as core's `refusedCommands` gives them. */
const refusedIn = (events: readonly RecordedEvent[], window: ReportWindow): RefusedCommand[] =>
  refusedCommandsOf(events).filter((refused) => inWindow(window, refused.at));

/**
 * Finds the patient by NHS number (a replay), then reads their consent and notification
 * streams, and their refusals stream for the attempts the trust rules refused.
 */
export const loadReport = async (
  target: AuditStore,
  nhsNumber: string,
  window: ReportWindow,
): Promise<E.Either<string, LoadedReport>> => {
  const fold = new HistoryFold();
  const read = await forEachEvent(target.store, 0n, (e) => fold.visit(e))();
  if (E.isLeft(read)) return E.left(`cannot read ${target.label}: ${read.left.message}`);
  const patientId = fold.history.patientIdByNhsNumber.get(nhsNumber);
  const patient = patientId === undefined ? undefined : fold.history.patients.get(patientId);
  if (patient === undefined || patient.status !== 'registered')
    return E.left(`no patient with NHS number ${nhsNumber}`);
  const events = [];
  for (const stream of [
    streams.consent(patient.patientId),
    notificationStream(patient.patientId),
  ]) {
    const result = await target.store.readStream(stream)();
    if (E.isLeft(result)) return E.left(`cannot read ${target.label}: ${result.left.message}`);
    events.push(...result.right.events);
  }
  const refusals = await target.store.readStream(streams.refusals(patient.patientId))();
  if (E.isLeft(refusals)) return E.left(`cannot read ${target.label}: ${refusals.left.message}`);
  const organisationNames = new Map(
    [...fold.history.organisations.entries()].flatMap(([id, o]) =>
      o.status === 'unregistered' ? [] : [[id, o.name as string] as const],
    ),
  );
  return E.right({
    patient: { patientId: patient.patientId, nhsNumber: patient.nhsNumber, name: patient.name },
    organisationNames,
    window,
    entries: patientReport(events, window),
    refused: refusedIn(refusals.right.events, window),
  });
};

const who = (e: Pick<ReportEntry, 'actor'>): string =>
  `${e.actor.kind} ${e.actor.id}${e.actor.organisationId === undefined ? '' : ` at ${e.actor.organisationId}`}`;

const orgName = (r: LoadedReport, id: string | undefined): string =>
  id === undefined ? '' : `${r.organisationNames.get(id) ?? id} (${id})`;

const count = (r: LoadedReport, test: (e: ReportEntry) => boolean): number =>
  r.entries.filter(test).length;

const printText = (r: LoadedReport, write: Write): void => {
  const range = `${r.window.from?.toISOString() ?? 'the beginning'} to ${r.window.to?.toISOString() ?? 'now'}`;
  write(
    `Access report for ${r.patient.name}, NHS number ${r.patient.nhsNumber}, from ${range}\n\n`,
  );
  for (const e of r.entries) {
    write(`${e.at}  ${e.kind.padEnd(12)} ${orgName(r, e.organisationId)}\n`);
    write(
      `    ${e.summary}\n    by ${who(e)}${e.reason === undefined ? '' : `, because: ${e.reason}`}\n`,
    );
    for (const step of e.trail ?? [])
      write(
        `      ${step.result === 'decided' ? '→' : '·'} ${step.rule.padEnd(24)} ${step.note}\n`,
      );
  }
  if (r.refused.length > 0) write('\nRefused attempts (nothing was recorded but this trace):\n');
  for (const a of r.refused) {
    write(`${a.at}  ${a.command.padEnd(22)} ${orgName(r, a.about)}\n`);
    write(
      `    REFUSED — ${a.why}${a.outcome === undefined ? '' : ` (decision: ${a.outcome})`}\n    by ${who(a)}\n`,
    );
  }
  write('\nSummary:\n');
  write(
    `  decisions       ${count(r, (e) => e.kind === 'decision' && e.trail !== undefined)} (permit ${count(r, (e) => e.event === 'AccessGranted')}, deny ${count(r, (e) => e.event === 'AccessDenied')}, referred to the patient ${count(r, (e) => e.event === 'AccessReferredToPatient')})\n`,
  );
  write(`  record opened   ${count(r, (e) => e.kind === 'view')}\n`);
  write(`  emergencies     ${count(r, (e) => e.event === 'EmergencyAccessInvoked')}\n`);
  write(
    `  messages sent   ${count(r, (e) => e.event === 'NotificationSent')}, not sent ${count(r, (e) => e.event === 'NotificationFailed')}\n`,
  );
  write(`  refused         ${r.refused.length}\n`);
};

const csvField = (value: string): string =>
  /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

const printCsv = (r: LoadedReport, write: Write): void => {
  write(
    'at,kind,event,organisation_id,organisation,actor_kind,actor_id,actor_organisation_id,summary,reason,trail\n',
  );
  for (const e of r.entries) {
    const trail = (e.trail ?? []).map((s) => `${s.rule} ${s.result}: ${s.note}`).join(' | ');
    const row = [
      e.at,
      e.kind,
      e.event,
      e.organisationId ?? '',
      e.organisationId === undefined ? '' : (r.organisationNames.get(e.organisationId) ?? ''),
      e.actor.kind,
      e.actor.id,
      e.actor.organisationId ?? '',
      e.summary,
      e.reason ?? '',
      trail,
    ];
    write(`${row.map(csvField).join(',')}\n`);
  }
  for (const a of r.refused) {
    const row = [
      a.at,
      'refused',
      a.command,
      a.about ?? '',
      a.about === undefined ? '' : (r.organisationNames.get(a.about) ?? ''),
      a.actor.kind,
      a.actor.id,
      a.actor.organisationId ?? '',
      a.why,
      a.outcome === undefined ? '' : `decision ${a.outcome}`,
      '',
    ];
    write(`${row.map(csvField).join(',')}\n`);
  }
};

/** Writes the report as text (for reading), JSON (for tools) or CSV (for a spreadsheet). */
export const printReport = (r: LoadedReport, format: ReportFormat, write: Write): void => {
  if (format === 'csv') return printCsv(r, write);
  if (format === 'text') return printText(r, write);
  write(
    `${JSON.stringify(
      {
        patient: r.patient,
        from: r.window.from?.toISOString() ?? null,
        to: r.window.to?.toISOString() ?? null,
        entries: r.entries.map((e) => ({
          ...e,
          organisationName:
            e.organisationId === undefined
              ? null
              : (r.organisationNames.get(e.organisationId) ?? null),
        })),
        refusedAttempts: r.refused,
      },
      null,
      2,
    )}\n`,
  );
};
