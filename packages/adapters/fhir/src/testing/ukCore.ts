import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';

const uk = (name: string): string => `https://fhir.hl7.org.uk/StructureDefinition/UKCore-${name}`;

/**
 * UK Core's rules, written out by hand from the published StructureDefinitions (the packages
 * cannot be fetched here): UKCore-Consent 2.3.0 narrows reference targets to UK Core profiles
 * of these types; UKCore-AuditEvent 1.2.0 makes `agent` must-support; UKCore-OperationOutcome
 * 1.3.0 makes issue.severity, issue.code and issue.expression must-support. Must-support
 * elements this package has are required here, so that a missing one is seen.
 */
const targets: Record<string, readonly (readonly [string, readonly string[]])[]> = {
  [uk('Consent')]: [
    ['patient', ['Patient']],
    ['performer', ['Organization', 'Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson']],
    ['organization', ['Organization']],
    ['verification.verifiedWith', ['Patient', 'RelatedPerson']],
    [
      'provision.actor.reference',
      [
        'Device',
        'Group',
        'CareTeam',
        'Organization',
        'Patient',
        'Practitioner',
        'PractitionerRole',
        'RelatedPerson',
      ],
    ],
  ],
};

const required: Record<string, readonly string[]> = {
  [uk('AuditEvent')]: ['agent', 'agent.who'],
  [uk('OperationOutcome')]: ['issue', 'issue.severity', 'issue.code'],
};

interface ReferenceLike {
  readonly reference?: string;
  readonly type?: string;
}

const typeOf = (r: ReferenceLike): string | undefined => r.type ?? r.reference?.split('/')[0];

/** NHS numbers are 10 digits whose last is a modulus-11 check digit (NHS Data Dictionary). */
export const isNhsNumber = (value: string): boolean => {
  if (!/^\d{10}$/.test(value)) return false;
  const sum = [...value.slice(0, 9)].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(value[9]) && check !== 10;
};

const ODS = /^[A-Z0-9]{3,10}$/;

/** National identifiers anywhere in the resource must be well formed. */
const identifierProblems = (resource: object): string[] =>
  (
    fhirpath.evaluate(resource, 'descendants().ofType(Identifier)', undefined, r4) as {
      system?: string;
      value?: string;
    }[]
  ).flatMap((id) => {
    if (id.system === 'https://fhir.nhs.uk/Id/nhs-number' && !isNhsNumber(id.value ?? ''))
      return [`uk-core identifier: ${id.value ?? ''} is not a valid NHS number`];
    if (id.system === 'https://fhir.nhs.uk/Id/ods-organization-code' && !ODS.test(id.value ?? ''))
      return [`uk-core identifier: ${id.value ?? ''} is not an ODS code`];
    return [];
  });

export const ukCoreProblems = (resource: {
  readonly resourceType: string;
  readonly meta?: { readonly profile?: readonly string[] };
}): string[] => {
  const claimed = resource.meta?.profile ?? [];
  const problems = claimed
    .filter((p) => p.startsWith('https://fhir.hl7.org.uk/'))
    .filter((p) => p !== uk(resource.resourceType))
    .map((p) => `uk-core meta.profile: ${p} is not the profile of a ${resource.resourceType}`);
  for (const profile of claimed) {
    for (const [path, types] of targets[profile] ?? [])
      for (const r of fhirpath.evaluate(resource, path, undefined, r4) as ReferenceLike[]) {
        const type = typeOf(r);
        if (type !== undefined && !types.includes(type))
          problems.push(`uk-core ${path}: ${type} is not one of ${types.join(', ')}`);
      }
    for (const path of required[profile] ?? [])
      if ((fhirpath.evaluate(resource, `${path}.exists()`, undefined, r4) as boolean[])[0] !== true)
        problems.push(`uk-core ${path}: must-support element missing`);
  }
  return claimed.length === 0 ? problems : [...problems, ...identifierProblems(resource)];
};
