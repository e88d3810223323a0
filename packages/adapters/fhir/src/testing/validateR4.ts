import {
  createAuditEventSchema,
  createBundleSchema,
  createCapabilityStatementSchema,
  createConsentSchema,
  createOperationOutcomeSchema,
} from '@solarahealth/fhir-r4';
import { appendFileSync } from 'node:fs';
import { Fhir } from 'fhir';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { bindingProblems } from './bindings.js';
import { ukCoreProblems } from './ukCore.js';

/**
 * Everything wrong with a resource by FHIR R4, from three libraries that each see part of
 * it: the Zod schemas of @solarahealth/fhir-r4 for structure, cardinality, primitive formats,
 * required codes and unknown elements; fhirpath for the invariants the spec states as
 * FHIRPath; `fhir` for reference target types and required value-set bindings (its primitive
 * checks are not used: they are unanchored). Then the extensible bindings this package relies
 * on (bindings.ts) and, for a resource claiming a UK Core profile, that profile's rules
 * (ukCore.ts). docs/fhir.md says which rules and why.
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
  CapabilityStatement: createCapabilityStatementSchema,
  OperationOutcome: createOperationOutcomeSchema,
};

/** R4 invariants (key, expression), as the R4 StructureDefinitions state them, each on its context. */
const invariants: Record<string, readonly (readonly [string, string])[]> = {
  Consent: [
    ['ppc-1', 'policy.exists() or policyRule.exists()'],
    // R4 writes system='something' (a known error in 4.0.1); checked here with the real system.
    [
      'ppc-2',
      "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='patient-privacy').exists().not()",
    ],
  ],
  AuditEvent: [['sev-1', 'entity.all(name.empty() or query.empty())']],
  Bundle: [
    ['bdl-1', "total.empty() or (type = 'searchset') or (type = 'history')"],
    ['bdl-2', "entry.search.empty() or (type = 'searchset')"],
    [
      'bdl-3',
      "entry.request.empty() or type = 'batch' or type = 'transaction' or type = 'history'",
    ],
    [
      'bdl-4',
      "entry.response.empty() or type = 'batch-response' or type = 'transaction-response' or type = 'history'",
    ],
    ['bdl-5', 'entry.all(resource.exists() or request.exists() or response.exists())'],
    [
      'bdl-7',
      "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    ],
    // On Bundle.entry in R4, where an entry without fullUrl passes (an empty result).
    ['bdl-8', "entry.all(fullUrl.empty() or fullUrl.contains('/_history/').not())"],
  ],
  CapabilityStatement: [
    ['cpb-1', 'rest.exists() or messaging.exists() or document.exists()'],
    ['cpb-2', '(description.count() + software.count() + implementation.count()) > 0'],
    ['cpb-3', "messaging.endpoint.empty() or kind = 'instance'"],
    ['cpb-7', 'document.select(profile&mode).isDistinct()'],
    ['cpb-9', 'rest.all(resource.select(type).isDistinct())'],
    ['cpb-12', 'rest.resource.all(searchParam.select(name).isDistinct())'],
    ['cpb-14', "(kind != 'instance') or implementation.exists()"],
    ['cpb-15', "(kind != 'capability') or (implementation.exists().not() and software.exists())"],
    [
      'cpb-16',
      "(kind!='requirements') or (implementation.exists().not() and software.exists().not())",
    ],
  ],
  OperationOutcome: [],
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

/**
 * With FHIR_VERDICT_FILE set, each top-level check appends one JSON line (the test file, the
 * resource type and its entries' types, the problems found): a run's verdict on everything it
 * validated, for a report.
 */
const record = (resource: { readonly resourceType: string }, problems: readonly string[]) => {
  const file = process.env['FHIR_VERDICT_FILE'];
  if (file === undefined) return;
  const state = (
    globalThis as { expect?: { getState?: () => { testPath?: string; currentTestName?: string } } }
  ).expect?.getState?.();
  const entries = (resource as { entry?: { resource?: { resourceType: string } }[] }).entry ?? [];
  appendFileSync(
    file,
    `${JSON.stringify({
      test: state?.testPath?.replace(/^.*packages\//, 'packages/'),
      name: state?.currentTestName,
      resourceType: resource.resourceType,
      entries: entries.map((e) => e.resource?.resourceType),
      problems,
    })}\n`,
  );
};

/** Every problem of the resource (and of each Bundle entry), as `<check> <where>: <what>`. */
export const r4Problems = (resource: { readonly resourceType: string }): string[] => {
  const problems = problemsOf(resource);
  record(resource, problems);
  return problems;
};

const problemsOf = (resource: { readonly resourceType: string }): string[] => {
  const problems = [
    ...schemaProblems(resource),
    ...invariantProblems(resource),
    ...fhirProblems(resource),
    ...bindingProblems(resource),
    ...ukCoreProblems(resource),
  ];
  // The Bundle schema does not look inside entries: each resource is checked on its own.
  const entries = (resource as { entry?: { resource?: { resourceType: string } }[] }).entry ?? [];
  for (const [i, entry] of entries.entries())
    if (entry.resource !== undefined)
      problems.push(...problemsOf(entry.resource).map((p) => `entry[${i}] ${p}`));
  return problems;
};
