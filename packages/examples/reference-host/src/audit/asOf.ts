import * as E from 'fp-ts/lib/Either.js';
import {
  accessAsOf,
  defaultPolicy,
  forEachEvent,
  HistoryFold,
  type AccessAsOf,
  type AccessDecision,
} from '@consentry/core';
import type { AuditStore } from './store.js';

type Write = (text: string) => void;

/** An ISO-8601 instant, or a date alone (midnight UTC at its start). */
export const parseInstant = (text: string): Date | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text))
    return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/** Replays the events recorded up to `at` and answers for the patient with that NHS number. */
export const loadAsOf = async (
  target: AuditStore,
  nhsNumber: string,
  at: Date,
): Promise<E.Either<string, { answer: AccessAsOf; events: number }>> => {
  const fold = new HistoryFold();
  const visited = await forEachEvent(target.store, 0n, (event) => {
    if (new Date(event.metadata.recordedAt).getTime() <= at.getTime()) fold.visit(event);
  })();
  if (E.isLeft(visited)) return E.left(`cannot read ${target.label}: ${visited.left.message}`);
  const patientId = fold.history.patientIdByNhsNumber.get(nhsNumber);
  const answer =
    patientId === undefined ? undefined : accessAsOf(fold.history, patientId, at, defaultPolicy);
  if (answer === undefined)
    return E.left(`no patient with NHS number ${nhsNumber} was registered at ${at.toISOString()}`);
  return E.right({ answer, events: fold.events });
};

const mark = (d: AccessDecision): string =>
  d.outcome === 'permit' ? 'YES ' : d.outcome === 'deny' ? 'no  ' : 'ASK ';

const outcome = (d: AccessDecision): string => {
  const decided = d.trail.filter((s) => s.result === 'decided').at(-1);
  const why = decided === undefined ? '' : ` (${decided.rule}: ${decided.note})`;
  switch (d.outcome) {
    case 'permit':
      return `permit — ${d.basis}${why}`;
    case 'deny':
      return `deny — ${d.reason}${why}`;
    case 'verify':
      return `only after a verification code or online approval${why}`;
    case 'ask-patient':
      return `only after asking the patient in person${why}`;
  }
};

const nhsSpaced = (n: string): string => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;

/** The as-of answer as text an auditor can read aloud. */
export const printAsOf = (
  { answer, events }: { answer: AccessAsOf; events: number },
  write: Write,
): void => {
  const { patient, choices: c } = answer;
  const nameOf = (id: string): string => {
    const o = answer.decisions.find((d) => d.organisation.organisationId === id)?.organisation;
    return o === undefined ? id : `${o.name} (${id})`;
  };
  write(
    `Record of ${patient.name}, NHS number ${nhsSpaced(patient.nhsNumber)}, as of ${answer.at.toISOString()}\n`,
  );
  write(
    `(${events} events recorded up to then were replayed; decisions are for direct care, TREAT)\n\n`,
  );
  write('Who could see the record:\n');
  for (const { organisation: o, decision } of answer.decisions)
    write(
      `  ${mark(decision)} ${o.name} (${o.organisationId}, ${o.kind}, ${o.area}${o.status === 'closed' ? ', closed' : ''})\n         ${outcome(decision)}\n`,
    );
  write('\nChoices in force:\n');
  const line = (label: string, items: readonly string[]): void =>
    write(
      `  ${label}:${items.length === 0 ? ' none' : ''}\n${items.map((i) => `    - ${i}\n`).join('')}`,
    );
  const pref = (p: { preference: string; setBy: string; until?: string }): string =>
    `${p.preference} (set by ${p.setBy}${p.until === undefined ? '' : `, until ${p.until}`})`;
  line(
    'Preference for all organisations',
    c.preferenceForAll === undefined ? [] : [pref(c.preferenceForAll)],
  );
  line(
    'Preferences for one organisation',
    Object.entries(c.preferences).map(([id, p]) => `${nameOf(id)}: ${pref(p)}`),
  );
  line(
    'Sharing-in answers',
    Object.entries(c.sharingIn).map(([id, s]) => `${nameOf(id)}: ${s.answer} (${s.route})`),
  );
  line(
    'Sharing-out answers',
    Object.entries(c.sharingOut).map(([id, a]) => `${nameOf(id)}: ${a}`),
  );
  line(
    'Care relationships',
    Object.entries(c.care).map(
      ([id, r]) => `${nameOf(id)}${r.selfClaimed ? ' (self-claimed)' : ''}`,
    ),
  );
  line(
    'Emergency windows open',
    Object.entries(c.emergencies).map(([id, until]) => `${nameOf(id)} until ${until}`),
  );
  line(
    "Practice's lists",
    Object.entries(c.practiceLists).map(([id, list]) => `${nameOf(id)}: ${list}`),
  );
  const contact = [
    patient.contact.mobile && 'mobile',
    patient.contact.email && 'e-mail',
    patient.portalEnrolled && 'portal',
  ].filter(Boolean);
  write(`  Verification channels: ${contact.length === 0 ? 'none' : contact.join(', ')}\n`);
};
