import {
  createAuditEventSchema,
  createBundleSchema,
  createConsentSchema,
} from '@solarahealth/fhir-r4';
import { Fhir } from 'fhir';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';

/**
 * Everything wrong with a resource by FHIR R4, from three libraries that each see part of
 * it (see /work/notes/fhir-validation.md): the Zod schemas of @solarahealth/fhir-r4 for
 * structure, cardinality, primitive formats, required codes and unknown elements; fhirpath
 * for the invariants the spec states as FHIRPath; and `fhir` for reference target types
 * and required value-set bindings (its primitive checks are not used: they are unanchored).
 */
const schemas: Record<
  string,
  () => {
    safeParse(value: unknown): {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  }
> = {
  Consent: createConsentSchema,
  AuditEvent: createAuditEventSchema,
  Bundle: createBundleSchema,
};

/** R4 invariants (key, context, expression), as the R4 StructureDefinitions state them. */
const invariants: Record<string, readonly (readonly [string, string])[]> = {
  Consent: [['ppc-1', 'policy.exists() or policyRule.exists()']],
  AuditEvent: [['sev-1', 'entity.all(name.empty() or query.empty())']],
  Bundle: [
    ['bdl-1', "total.empty() or (type = 'searchset') or (type = 'history')"],
    [
      'bdl-3',
      "entry.request.empty() or type = 'batch' or type = 'transaction' or type = 'history'",
    ],
    [
      'bdl-7',
      "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    ],
    ['bdl-8', "entry.all(fullUrl.contains('/_history/').not())"],
  ],
};

const fhir = new Fhir();

const schemaProblems = (resource: { readonly resourceType: string }): string[] => {
  const schema = schemas[resource.resourceType];
  if (schema === undefined) return [`no schema for ${resource.resourceType}`];
  const issues = schema().safeParse(resource).error?.issues ?? [];
  return issues.map((issue) => `schema ${issue.path.join('.')}: ${issue.message}`);
};

const invariantProblems = (resource: { readonly resourceType: string }): string[] =>
  (invariants[resource.resourceType] ?? [])
    .filter(
      ([, expression]) =>
        (fhirpath.evaluate(resource, expression, undefined, r4) as unknown[])[0] !== true,
    )
    .map(([key, expression]) => `invariant ${key} fails: ${expression}`);

const fhirProblems = (resource: { readonly resourceType: string }): string[] =>
  fhir
    .validate(resource, { errorOnUnexpected: true })
    .messages.filter((m) => ['error', 'fatal'].includes(String(m.severity)))
    .map((m) => `fhir ${m.location}: ${m.message}`);

export const r4Problems = (resource: { readonly resourceType: string }): string[] => {
  const problems = [
    ...schemaProblems(resource),
    ...invariantProblems(resource),
    ...fhirProblems(resource),
  ];
  // The Bundle schema does not look inside entries: each resource is checked on its own.
  const entries = (resource as { entry?: { resource: { resourceType: string } }[] }).entry ?? [];
  for (const [i, entry] of entries.entries())
    problems.push(...r4Problems(entry.resource).map((p) => `entry[${i}] ${p}`));
  return problems;
};
