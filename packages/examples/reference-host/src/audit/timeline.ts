import * as E from 'fp-ts/lib/Either.js';
import {
  accessAsOf,
  defaultPolicy,
  forEachEvent,
  HistoryFold,
  toProjected,
  type AccessAsOf,
  type AccessDecision,
  type EventStore,
  type RecordedEvent,
} from '@consentry/core';

/** How an organisation stood to the record over a stretch of time. */
export type Standing = 'permit' | 'emergency' | 'ask' | 'deny';

export interface Segment {
  readonly organisationId: string;
  readonly from: Date;
  readonly to: Date;
  readonly standing: Standing;
  /** In words: the basis of a permit, what must happen first, or why not. */
  readonly why: string;
  /** Core's basis or reason (`verified-code`, `no-care-relationship`, …), or `verify` / `ask-patient`. */
  readonly code: string;
}

export interface Mark {
  readonly organisationId: string;
  readonly at: Date;
  readonly kind: 'view' | 'emergency';
  readonly note: string;
}

export interface Timeline {
  readonly patient: { readonly name: string; readonly nhsNumber: string };
  readonly from: Date;
  readonly to: Date;
  readonly organisations: readonly { readonly organisationId: string; readonly name: string }[];
  readonly segments: readonly Segment[];
  readonly marks: readonly Mark[];
}

const WORDS: Readonly<Record<string, string>> = {
  'registered-practice': 'the patient’s GP practice',
  'patient-consent': 'the patient’s choice to share',
  'sharing-in-consent': 'the patient’s consent (a code, online or in person)',
  'verified-code': 'a security code from the patient',
  'approved-online': 'the patient approved online',
  emergency: 'emergency access',
  'no-care-relationship': 'no care relationship',
  'patient-dissent': 'the patient said no',
  'organisation-prohibited': 'on the practice’s Prohibited list',
  'no-verification-channel': 'no way to ask the patient for a code',
  'unknown-organisation': 'not registered, or closed',
};

const standingOf = (d: AccessDecision): { standing: Standing; why: string; code: string } => {
  switch (d.outcome) {
    case 'permit':
      return {
        standing: d.basis === 'emergency' ? 'emergency' : 'permit',
        why: WORDS[d.basis] ?? d.basis,
        code: d.basis,
      };
    case 'verify':
      return { standing: 'ask', why: 'only with a code or online approval', code: 'verify' };
    case 'ask-patient':
      return {
        standing: 'ask',
        why: 'only after asking the patient in person',
        code: 'ask-patient',
      };
    case 'deny':
      return { standing: 'deny', why: WORDS[d.reason] ?? d.reason, code: d.reason };
  }
};

const patientIdIn = (event: RecordedEvent): string | undefined => {
  const data = event.data as { patientId?: unknown } | null;
  return typeof data?.patientId === 'string' ? data.patientId : undefined;
};

/** Every moment a decision may change without an event: emergency windows and preferences ending. */
const endingsAfter = (answer: AccessAsOf): Date[] => {
  const c = answer.choices;
  const untils = [
    ...Object.values(c.emergencies),
    ...Object.values(c.preferences).map((p) => p.until),
    c.preferenceForAll?.until,
    ...Object.values(c.sharingIn).map((s) => (s as { until?: string }).until),
  ];
  return untils
    .filter((u): u is string => typeof u === 'string')
    .map((u) => new Date(u))
    .filter((d) => d.getTime() > answer.at.getTime());
};

/**
 * Who could see one patient's record over a period, and on what basis: core's as-of
 * replay (`accessAsOf`) taken at the start, after every event about the patient or the
 * organisations, and when an emergency window or a time-limited choice ends; then the
 * record's openings and emergencies marked. Events are read once, in store order.
 */
export const loadTimeline = async (
  store: EventStore,
  nhsNumber: string,
  window: { readonly from?: Date; readonly to: Date },
): Promise<E.Either<string, Timeline>> => {
  const fold = new HistoryFold();
  const samples: AccessAsOf[] = [];
  const marks: Mark[] = [];
  let patientId: string | undefined;
  let pending: Date[] = [];
  let from = window.from;
  const to = window.to;
  const sample = (at: Date): void => {
    if (patientId === undefined) return;
    const answer = accessAsOf(fold.history, patientId, at, defaultPolicy);
    if (answer === undefined) return;
    samples.push(answer);
    pending = [...pending, ...endingsAfter(answer)].sort((a, b) => a.getTime() - b.getTime());
  };
  const flushUntil = (time: number): void => {
    while (pending.length > 0 && pending[0]!.getTime() <= time) {
      const at = pending.shift()!;
      if (from !== undefined && at.getTime() > from.getTime() && at.getTime() <= to.getTime())
        sample(at);
    }
  };
  const read = await forEachEvent(store, 0n, (event) => {
    const at = new Date(event.metadata.recordedAt);
    if (at.getTime() > to.getTime()) return;
    if (from !== undefined && samples.length === 0 && at.getTime() > from.getTime()) sample(from);
    flushUntil(at.getTime());
    fold.visit(event);
    patientId ??= fold.history.patientIdByNhsNumber.get(nhsNumber);
    if (patientId === undefined) return;
    const about = patientIdIn(event);
    if (about !== undefined && about !== patientId) return;
    // Without --from, the picture starts when the patient was registered.
    from ??= at;
    if (at.getTime() >= from.getTime()) sample(at);
    const projected = toProjected(event);
    if (projected === undefined || about !== patientId || at.getTime() < from.getTime()) return;
    const data = projected.data as { organisationId?: string; justification?: string };
    if (projected.type === 'RecordViewed' && data.organisationId !== undefined)
      marks.push({ organisationId: data.organisationId, at, kind: 'view', note: 'record opened' });
    if (projected.type === 'EmergencyAccessInvoked' && data.organisationId !== undefined)
      marks.push({
        organisationId: data.organisationId,
        at,
        kind: 'emergency',
        note: `emergency access${data.justification ? `: ${data.justification}` : ''}`,
      });
  })();
  if (E.isLeft(read)) return E.left(`cannot read the store: ${read.left.message}`);
  if (from !== undefined && samples.length === 0) sample(from);
  flushUntil(to.getTime());
  const first = samples[0];
  if (first === undefined || from === undefined)
    return E.left(`no patient with NHS number ${nhsNumber} was registered in that period`);
  return E.right({
    patient: { name: first.patient.name, nhsNumber: first.patient.nhsNumber },
    // A patient registered during the period: the picture starts then.
    from: first.at.getTime() > from.getTime() ? first.at : from,
    to,
    organisations: (samples.at(-1) ?? first).decisions.map((d) => ({
      organisationId: d.organisation.organisationId,
      name: d.organisation.name,
    })),
    segments: segmentsOf(samples, to),
    marks,
  });
};

/** Consecutive samples with the same standing for an organisation make one segment. */
const segmentsOf = (samples: readonly AccessAsOf[], to: Date): Segment[] => {
  const open = new Map<string, { from: Date; standing: Standing; why: string; code: string }>();
  const segments: Segment[] = [];
  const close = (organisationId: string, at: Date): void => {
    const held = open.get(organisationId);
    if (held === undefined) return;
    if (at.getTime() > held.from.getTime())
      segments.push({
        organisationId,
        from: held.from,
        to: at,
        standing: held.standing,
        why: held.why,
        code: held.code,
      });
    open.delete(organisationId);
  };
  for (const s of samples)
    for (const { organisation, decision } of s.decisions) {
      const id = organisation.organisationId;
      const now = standingOf(decision);
      const held = open.get(id);
      if (held !== undefined && held.standing === now.standing && held.code === now.code) continue;
      close(id, s.at);
      open.set(id, { from: s.at, ...now });
    }
  for (const id of [...open.keys()]) close(id, to);
  return segments;
};
