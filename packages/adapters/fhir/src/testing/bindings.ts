import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { createRequire } from 'node:module';

interface ValueSet {
  readonly systems: readonly {
    readonly uri: string;
    readonly codes: readonly { code: string }[];
  }[];
}

// The R4 value sets, expanded, as the `fhir` package ships them.
const valueSets = createRequire(import.meta.url)('fhir/profiles/valuesets.json') as Record<
  string,
  ValueSet
>;

const vs = (name: string): string => `http://hl7.org/fhir/ValueSet/${name}`;

/**
 * The extensible and preferred bindings of the elements this package fills, by value set (the
 * `fhir` package checks required bindings only). Each CodeableConcept must carry a code of the
 * value set, except where noted, and a code of a system the value set draws on must be one of
 * its codes.
 */
const bindings: readonly (readonly [string, string, string, 'each' | 'some'])[] = [
  ['Consent', 'scope', vs('consent-scope'), 'each'],
  // Consentry adds its own kind as a second category: at least one must come from the value set.
  ['Consent', 'category', vs('consent-category'), 'some'],
  ['Consent', 'provision.action', vs('consent-action'), 'each'],
  ['Consent', 'provision.actor.role', vs('security-role-type'), 'each'],
  ['AuditEvent', 'type', vs('audit-event-type'), 'each'],
  ['AuditEvent', 'agent.type', vs('participation-role-type'), 'each'],
  ['AuditEvent', 'entity.type', vs('audit-entity-type'), 'each'],
  ['AuditEvent', 'entity.role', vs('object-role'), 'each'],
  ['CapabilityStatement', 'rest.security.service', vs('restful-security-service'), 'each'],
];

interface CodingLike {
  readonly system?: string;
  readonly code?: string;
}

const codingsOf = (value: unknown): CodingLike[] => {
  const v = value as { coding?: CodingLike[]; system?: string };
  return v.coding ?? (v.system !== undefined ? [v] : []);
};

const inSet = (set: ValueSet, c: CodingLike): boolean =>
  set.systems.some((s) => s.uri === c.system && s.codes.some((x) => x.code === c.code));

export const bindingProblems = (resource: { readonly resourceType: string }): string[] =>
  bindings
    .filter(([type]) => type === resource.resourceType)
    .flatMap(([, path, url, rule]) => {
      const set = valueSets[url];
      if (set === undefined) return [`binding ${path}: value set ${url} not available`];
      const values = fhirpath.evaluate(resource, path, undefined, r4) as unknown[];
      const wrong = values
        .flatMap(codingsOf)
        .filter((c) => set.systems.some((s) => s.uri === c.system) && !inSet(set, c))
        .map((c) => `binding ${path}: ${c.system}#${c.code} is not in ${url}`);
      const without = values.filter((v) => !codingsOf(v).some((c) => inSet(set, c)));
      const missing =
        rule === 'each'
          ? without.map(() => `binding ${path}: no code from ${url}`)
          : values.length > 0 && without.length === values.length
            ? [`binding ${path}: no code from ${url} in any`]
            : [];
      return [...wrong, ...missing];
    });
