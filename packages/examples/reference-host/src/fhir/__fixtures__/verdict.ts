import fs from 'node:fs';
import { r4Problems } from '@consentry/fhir/testing';

interface Checked {
  readonly resourceType: string;
  readonly problems: readonly string[];
}

const checked: Checked[] = [];

const count = (resource: {
  resourceType: string;
  entry?: { resource?: { resourceType: string } }[];
}) => {
  const inner = (resource.entry ?? []).flatMap((e) =>
    e.resource === undefined ? [] : [e.resource],
  );
  return [resource.resourceType, ...inner.map((r) => r.resourceType)];
};

/**
 * Validates a resource the host produced (r4Problems: R4 structure, invariants, bindings, UK
 * Core) and keeps the verdict, so a run can report on everything it checked
 * (FHIR_VERDICT_FILE=path appends one JSON line per suite).
 */
export const validated = (resource: unknown): string[] => {
  const r = resource as { resourceType: string };
  const problems = r4Problems(r);
  for (const type of count(r)) checked.push({ resourceType: type, problems });
  return problems;
};

export const writeVerdict = (suite: string): void => {
  const file = process.env['FHIR_VERDICT_FILE'];
  if (file === undefined) return;
  const byType: Record<string, { checked: number; withProblems: number }> = {};
  for (const c of checked) {
    const t = (byType[c.resourceType] ??= { checked: 0, withProblems: 0 });
    t.checked += 1;
    if (c.problems.length > 0) t.withProblems += 1;
  }
  fs.appendFileSync(file, `${JSON.stringify({ suite, byType })}\n`);
};
