import type { AccessHistoryEntry, SharingSummary } from '@consentry/core';

/**
 * An emergency is one event for the patient: the emergency (with its justification) and the
 * openings of the record it allowed are one row, the openings listed in it.
 */
export const oneRowPerEmergency = (
  entries: readonly AccessHistoryEntry[],
): readonly (AccessHistoryEntry & { readonly openedAt: readonly string[] })[] => {
  const rows: (AccessHistoryEntry & { openedAt: string[] })[] = [];
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const entry of sorted) {
    const emergency =
      entry.kind === 'viewed' && entry.basis === 'emergency'
        ? [...rows]
            .reverse()
            .find((r) => r.kind === 'emergency' && r.organisationId === entry.organisationId)
        : undefined;
    if (emergency !== undefined) emergency.openedAt.push(entry.at);
    else rows.push({ ...entry, openedAt: [] });
  }
  return rows;
};

/**
 * What "Share my record" does not do by itself: an organisation sees the record only while it
 * cares for the patient. The names it applies to (or "organisations" for the choice for all).
 */
export const waitingForCare = (
  summary: SharingSummary,
  practiceId: string,
  names: Readonly<Record<string, string>>,
): readonly string[] => {
  const seeing = new Set(summary.canSeeNow.map((c) => c.organisationId));
  const caring = new Set(summary.careRelationships.map((c) => c.organisationId));
  return summary.preferences
    .filter((p) => p.preference === 'allow')
    .flatMap((p) =>
      p.organisationId === undefined
        ? ['all']
        : p.organisationId === practiceId ||
            seeing.has(p.organisationId) ||
            caring.has(p.organisationId)
          ? []
          : [names[p.organisationId] ?? p.organisationId],
    );
};
