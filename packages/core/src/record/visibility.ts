import type { AccessDecision } from '../consentRecord/access/rules/decision.js';
import type { ConsentAnswer } from '../consentRecord/sharing/codecs.js';

/**
 * What a permitted viewer sees of the record (docs/record-as-shared.md). Record entries are
 * not Consentry's data: the system that holds them passes each entry's metadata here, with
 * the patient's sharing choices and the viewer's access decision. Pure: reads no clock.
 */
export interface RecordEntryMeta {
  readonly entryId: string;
  /** The organisation that recorded the entry. */
  readonly organisationId: string;
  readonly recordedAt: string;
  /** A sensitivity label; only labels in `sensitiveLabels` are treated as sensitive. */
  readonly label?: string;
}

/** The patient's choices about what leaves each recording organisation (the `sharing` slice). */
export interface SharedOutChoices {
  /** Recording organisation id → the patient's sharing-out answer. */
  readonly sharingOut: Readonly<Record<string, ConsentAnswer>>;
  /** Viewing organisation id → sensitive labels the patient agreed it may see. */
  readonly labelConsents: Readonly<Record<string, readonly string[]>>;
}

export interface EntryPolicy {
  /** Labels that never go out without the patient's consent for the organisation and label. */
  readonly sensitiveLabels: readonly string[];
  /** When true, an emergency viewer also sees sensitive entries that are shared out. */
  readonly emergencyShowsSensitive: boolean;
}

export interface EntryViewer {
  readonly organisationId: string;
  /** The viewer's access decision now (`decideAccess`). */
  readonly decision: AccessDecision;
}

export type EntryRuleId =
  'E1-own-entry' | 'E2-access' | 'E3-registered-practice' | 'E4-sensitive' | 'E5-sharing-out';

export interface EntryStep {
  readonly rule: EntryRuleId;
  readonly result: 'passed' | 'decided';
  readonly note: string;
}

export type WithheldReason =
  'no-access' | 'sensitive' | 'not-shared-out' | 'sharing-out-not-agreed';

export type EntryVerdict =
  | { readonly entry: RecordEntryMeta; readonly shown: true; readonly trail: readonly EntryStep[] }
  | {
      readonly entry: RecordEntryMeta;
      readonly shown: false;
      readonly reason: WithheldReason;
      readonly trail: readonly EntryStep[];
    };

export interface EntriesDecision {
  readonly visible: readonly RecordEntryMeta[];
  readonly withheld: readonly Extract<EntryVerdict, { shown: false }>[];
  /** One per entry, in the order given. */
  readonly verdicts: readonly EntryVerdict[];
}

const passed = (rule: EntryRuleId, note: string): EntryStep => ({ rule, result: 'passed', note });
const decided = (rule: EntryRuleId, note: string): EntryStep => ({
  rule,
  result: 'decided',
  note,
});

const shown = (entry: RecordEntryMeta, trail: EntryStep[], step: EntryStep): EntryVerdict => ({
  entry,
  shown: true,
  trail: [...trail, step],
});
const withheld = (
  entry: RecordEntryMeta,
  trail: EntryStep[],
  step: EntryStep,
  reason: WithheldReason,
): EntryVerdict => ({ entry, shown: false, reason, trail: [...trail, step] });

/** E4: a sensitive label needs the patient's consent for this viewer and label (or, in an emergency, policy). */
const sensitivity = (
  entry: RecordEntryMeta,
  choices: SharedOutChoices,
  viewer: EntryViewer,
  policy: EntryPolicy,
  trail: EntryStep[],
): EntryVerdict | undefined => {
  const label = entry.label;
  if (label === undefined || !policy.sensitiveLabels.includes(label)) {
    trail.push(
      passed('E4-sensitive', label === undefined ? 'no label' : `${label}: not sensitive`),
    );
    return undefined;
  }
  const emergency = viewer.decision.outcome === 'permit' && viewer.decision.basis === 'emergency';
  if (emergency) {
    if (!policy.emergencyShowsSensitive)
      return withheld(
        entry,
        trail,
        decided('E4-sensitive', `${label}: never shown in an emergency (policy)`),
        'sensitive',
      );
    trail.push(passed('E4-sensitive', `${label}: policy shows it in an emergency`));
    return undefined;
  }
  if (!(choices.labelConsents[viewer.organisationId] ?? []).includes(label))
    return withheld(
      entry,
      trail,
      decided(
        'E4-sensitive',
        `${label}: the patient has not agreed ${viewer.organisationId} may see it`,
      ),
      'sensitive',
    );
  trail.push(
    passed('E4-sensitive', `${label}: the patient agreed ${viewer.organisationId} may see it`),
  );
  return undefined;
};

/** E5: the recording organisation shares the entry out only with the patient's agreement. */
const sharingOut = (
  entry: RecordEntryMeta,
  choices: SharedOutChoices,
  trail: EntryStep[],
): EntryVerdict => {
  const answer = choices.sharingOut[entry.organisationId];
  const from = entry.organisationId;
  if (answer === 'consent')
    return shown(
      entry,
      trail,
      decided('E5-sharing-out', `the patient agreed ${from} may share out`),
    );
  return answer === 'dissent'
    ? withheld(
        entry,
        trail,
        decided('E5-sharing-out', `the patient said no to ${from} sharing out`),
        'not-shared-out',
      )
    : withheld(
        entry,
        trail,
        decided('E5-sharing-out', `the patient has not agreed ${from} may share out`),
        'sharing-out-not-agreed',
      );
};

/** The rules for one entry, in order; exactly one `decided`, always last. */
export const decideEntry = (
  entry: RecordEntryMeta,
  choices: SharedOutChoices,
  viewer: EntryViewer,
  policy: EntryPolicy,
): EntryVerdict => {
  const trail: EntryStep[] = [];
  if (entry.organisationId === viewer.organisationId)
    return shown(entry, trail, decided('E1-own-entry', 'recorded by the viewer'));
  trail.push(passed('E1-own-entry', `recorded by ${entry.organisationId}`));
  const { decision } = viewer;
  if (decision.outcome !== 'permit')
    return withheld(
      entry,
      trail,
      decided('E2-access', `the access decision is ${decision.outcome}`),
      'no-access',
    );
  trail.push(passed('E2-access', `permit on ${decision.basis}`));
  if (decision.basis === 'registered-practice')
    return shown(
      entry,
      trail,
      decided('E3-registered-practice', "the patient's registered practice"),
    );
  trail.push(passed('E3-registered-practice', 'not the registered practice'));
  return sensitivity(entry, choices, viewer, policy, trail) ?? sharingOut(entry, choices, trail);
};

/**
 * Which of the entries the viewer sees and, for each withheld one, why: its own entries
 * always; nothing else without a permit; everything for the registered practice; otherwise
 * what its organisation shares out, and no sensitive entry without the patient's consent for
 * this viewer and label (in an emergency, only if policy says so).
 */
export const decideEntries = (
  entries: readonly RecordEntryMeta[],
  choices: SharedOutChoices,
  viewer: EntryViewer,
  policy: EntryPolicy,
): EntriesDecision => {
  const verdicts = entries.map((entry) => decideEntry(entry, choices, viewer, policy));
  return {
    visible: verdicts.filter((v) => v.shown).map((v) => v.entry),
    withheld: verdicts.filter((v): v is Extract<EntryVerdict, { shown: false }> => !v.shown),
    verdicts,
  };
};

/** The facade's `sharedEntries` answer: the viewer's access decision and, under it, each entry's verdict. */
export type SharedEntries = EntriesDecision & { readonly decision: AccessDecision };
