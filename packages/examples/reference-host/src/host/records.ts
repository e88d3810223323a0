import {
  decideEntries,
  defaultSensitiveLabels,
  type AccessDecision,
  type EntryPolicy,
  type RecordEntryMeta,
  type SharedOutChoices,
  type SharingSummary,
  type WithheldReason,
} from '@consentry/core';

/**
 * Demonstration clinical entries. Consentry decides who may open a record and which entries
 * the viewer sees (core's `decideEntries`, docs/record-as-shared.md); the record itself lives
 * in the clinical system. The host keeps a few entries per patient so the "view the shared
 * record" page can show it at work.
 */
export interface RecordEntry {
  readonly entryId: string;
  readonly patientId: string;
  /** The organisation where the entry was recorded. */
  readonly organisationId: string;
  readonly recordedAt: string;
  readonly text: string;
  /**
   * `normal`, or a sensitivity label (`sexual-health`, `safeguarding`, …): core's policy says
   * which labels never go out without the patient's consent for that organisation and label.
   */
  readonly label: string;
}

/** An entry the viewer may not see, and why (core's reason and rule note). */
export interface WithheldEntry {
  readonly entry: RecordEntry;
  readonly reason: WithheldReason;
  readonly note: string;
}

export interface SharedView {
  readonly visible: readonly RecordEntry[];
  readonly withheld: readonly WithheldEntry[];
}

export interface SharedRecords {
  add(entry: RecordEntry): Promise<void>;
  entriesOf(patientId: string): Promise<readonly RecordEntry[]>;
  /** What a viewing organisation sees, on its access decision (core's `decideEntries`). */
  sharedView(
    patientId: string,
    viewer: string,
    summary: SharingSummary,
    decision: AccessDecision,
  ): Promise<SharedView>;
  /** The visible entries only. */
  visibleTo(
    patientId: string,
    viewer: string,
    summary: SharingSummary,
    decision: AccessDecision,
  ): Promise<readonly RecordEntry[]>;
}

/** The entry's metadata, as core reads it: `normal` carries no label. */
const metaOf = (entry: RecordEntry): RecordEntryMeta => ({
  entryId: entry.entryId,
  organisationId: entry.organisationId,
  recordedAt: entry.recordedAt,
  ...(entry.label === 'normal' ? {} : { label: entry.label }),
});

/** The patient's sharing-out answers and label consents, from the sharing summary. */
const choicesOf = (summary: SharingSummary): SharedOutChoices => {
  const labelConsents: Record<string, string[]> = {};
  for (const { organisationId, label } of summary.labelConsents)
    (labelConsents[organisationId] ??= []).push(label);
  return {
    sharingOut: Object.fromEntries(summary.sharingOut.map((s) => [s.organisationId, s.answer])),
    labelConsents,
  };
};

/** Why an entry is withheld, in the words the shared-record page uses. */
export const WITHHELD: Readonly<Record<WithheldReason, string>> = {
  'no-access': 'You may not open the record now.',
  sensitive: 'A sensitive entry: the patient has not agreed that you may see it.',
  'not-shared-out': 'The patient said no to sharing entries from where it was recorded.',
  'sharing-out-not-agreed':
    'The patient has not agreed to share entries from where it was recorded.',
};

/** The facade's default policy (the host sets no other). */
const policy: EntryPolicy = {
  sensitiveLabels: defaultSensitiveLabels,
  emergencyShowsSensitive: false,
};

/** Entries kept in the host database, by id, so seeding twice does not duplicate them. */
export const recordsIn = (db: {
  addRecordEntry(entry: RecordEntry): Promise<void>;
  recordEntriesOf(patientId: string): Promise<readonly RecordEntry[]>;
}): SharedRecords => {
  const sharedView = async (
    patientId: string,
    viewer: string,
    summary: SharingSummary,
    decision: AccessDecision,
  ): Promise<SharedView> => {
    const entries = await db.recordEntriesOf(patientId);
    const byId = new Map(entries.map((e) => [e.entryId, e]));
    const decided = decideEntries(
      entries.map(metaOf),
      choicesOf(summary),
      { organisationId: viewer, decision },
      policy,
    );
    return {
      visible: decided.visible.flatMap((m) => byId.get(m.entryId) ?? []),
      withheld: decided.withheld.flatMap((v) => {
        const entry = byId.get(v.entry.entryId);
        const note = v.trail[v.trail.length - 1]?.note ?? '';
        return entry === undefined ? [] : [{ entry, reason: v.reason, note }];
      }),
    };
  };
  return {
    add: (entry) => db.addRecordEntry(entry),
    entriesOf: (patientId) => db.recordEntriesOf(patientId),
    sharedView,
    visibleTo: async (patientId, viewer, summary, decision) =>
      (await sharedView(patientId, viewer, summary, decision)).visible,
  };
};
