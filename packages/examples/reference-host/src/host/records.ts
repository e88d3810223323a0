import type { SharingSummary } from '@consentry/core';

/**
 * Demonstration clinical entries. Consentry decides who may open a record; the record
 * itself lives in the clinical system. The host keeps a few entries per patient so the
 * "view the shared record" page can show sharing-out filtering at work.
 */
export interface RecordEntry {
  readonly entryId: string;
  readonly patientId: string;
  /** The organisation where the entry was recorded. */
  readonly organisationId: string;
  readonly recordedAt: string;
  readonly text: string;
  /** `private`: only the recording organisation; `safeguarding`: only staff with that right. */
  readonly label: 'normal' | 'private' | 'safeguarding';
}

export interface SharedRecords {
  add(entry: RecordEntry): void;
  entriesOf(patientId: string): readonly RecordEntry[];
  /** What a viewing organisation may see (docs/domain.md, sharing out). */
  visibleTo(patientId: string, viewer: string, summary: SharingSummary): readonly RecordEntry[];
}

/** Sharing out, as a pure rule: own entries, plus shared-out ones that are not private or safeguarding. */
export const mayShowEntry = (
  entry: RecordEntry,
  viewer: string,
  summary: SharingSummary,
): boolean => {
  if (entry.organisationId === viewer) return true;
  if (entry.label !== 'normal') return false;
  return summary.sharingOut.some(
    (s) => s.organisationId === entry.organisationId && s.answer === 'consent',
  );
};

/** Entries kept in the host database, by id, so seeding twice does not duplicate them. */
export const recordsIn = (db: {
  addRecordEntry(entry: RecordEntry): void;
  recordEntriesOf(patientId: string): readonly RecordEntry[];
}): SharedRecords => ({
  add: (entry) => db.addRecordEntry(entry),
  entriesOf: (patientId) => db.recordEntriesOf(patientId),
  visibleTo: (patientId, viewer, summary) =>
    db.recordEntriesOf(patientId).filter((e) => mayShowEntry(e, viewer, summary)),
});
