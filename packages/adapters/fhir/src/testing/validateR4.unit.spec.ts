import { r4Problems } from './validateR4.js';

// The validation the other specs rely on must fail on broken resources, or their
// "no problems" proves nothing: each check is shown failing on a resource broken for it.
describe('r4Problems', () => {
  it('finds every fault of a deliberately broken Consent', () => {
    const problems = r4Problems({
      resourceType: 'Consent',
      id: 'bad consent id with spaces',
      status: 'approved',
      scope: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
        ],
      },
      category: { coding: [{ system: 'http://loinc.org', code: '59284-0' }] },
      patient: { reference: 'Organization/o1' },
      dateTime: '26/11/2026',
      provision: {
        type: 'maybe',
        period: { start: '2026-13-45' },
        actor: [{ reference: { reference: 'Organization/o1' } }],
      },
      favouriteColour: 'blue',
    } as { resourceType: string });
    const where = problems.map((p) => p.split(':')[0]);
    expect(where).toEqual(
      expect.arrayContaining([
        'schema id',
        'schema status',
        'schema category',
        'schema dateTime',
        'schema provision.type',
        'schema provision.period.start',
        'schema provision.actor.0.role',
        'schema ',
        'invariant ppc-1 fails',
        'fhir Consent.patient',
      ]),
    );
  });

  it('finds a malformed instant, a bad action and a missing requestor in an AuditEvent', () => {
    const problems = r4Problems({
      resourceType: 'AuditEvent',
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
      action: 'X',
      recorded: '26/11/2026 10:00',
      agent: [{ who: { reference: 'Organization/o1' } }],
      source: { observer: { display: 'x' } },
      entity: [{ what: { reference: 'Patient/p1' }, name: 'n', query: 'eA==' }],
    } as { resourceType: string });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining([
        'schema action',
        'schema recorded',
        'schema agent.0.requestor',
        'invariant sev-1 fails',
      ]),
    );
  });

  it('looks inside Bundle entries and checks the Bundle invariants', () => {
    const problems = r4Problems({
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: '2026-07-02T00:00:00.000Z',
      total: 1,
      entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Consent', status: 'active' } }],
    } as { resourceType: string });
    expect(problems).toEqual(
      expect.arrayContaining([
        "invariant bdl-1 fails: total.empty() or (type = 'searchset') or (type = 'history')",
        expect.stringMatching(/^entry\[0\] schema scope/) as unknown as string,
      ]),
    );
  });

  it('finds the faults of a CapabilityStatement: cardinality, codes and the cpb invariants', () => {
    const problems = r4Problems({
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-07-01',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [
        {
          mode: 'server',
          security: {
            service: [
              {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                    code: 'Bearer',
                  },
                ],
              },
            ],
          },
          resource: [
            {
              type: 'Consent',
              searchParam: [
                { name: 'status', type: 'token' },
                { name: 'status', type: 'token' },
              ],
            },
            { type: 'Consent', interaction: [{ code: 'fly' }] },
          ],
        },
      ],
    } as { resourceType: string });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining([
        'schema rest.0.resource.1.interaction.0.code',
        'invariant cpb-9 fails',
        'invariant cpb-12 fails',
        'invariant cpb-14 fails',
        'binding rest.security.service',
      ]),
    );
  });

  it('finds an OperationOutcome without issues, or with a severity and code R4 does not have', () => {
    expect(
      r4Problems({ resourceType: 'OperationOutcome', issue: [] } as { resourceType: string }),
    ).not.toEqual([]);
    const problems = r4Problems({
      resourceType: 'OperationOutcome',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-OperationOutcome'] },
      issue: [{ severity: 'bad', code: 'oops' }],
    } as { resourceType: string });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['schema issue.0.severity', 'schema issue.0.code']),
    );
  });

  it('finds entry.search outside a searchset, and entries with nothing in them', () => {
    const problems = r4Problems({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ search: { mode: 'match' } }],
    } as { resourceType: string });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['invariant bdl-2 fails', 'invariant bdl-5 fails']),
    );
  });

  it('holds a resource claiming a UK Core profile to it: reference targets, national identifiers, bindings', () => {
    const problems = r4Problems({
      resourceType: 'Consent',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Consent'] },
      status: 'active',
      scope: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'privacy' }],
      },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: {
        type: 'Patient',
        identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765918' },
      },
      policyRule: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }],
      },
      verification: [
        {
          verified: true,
          verifiedWith: {
            type: 'Organization',
            identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'rk 9' },
          },
        },
      ],
      provision: { type: 'permit' },
    } as { resourceType: string });
    expect(problems).toEqual(
      expect.arrayContaining([
        'uk-core identifier: 9434765918 is not a valid NHS number',
        'uk-core identifier: rk 9 is not an ODS code',
        'uk-core verification.verifiedWith: Organization is not one of Patient, RelatedPerson',
        expect.stringMatching(
          /^binding scope: http:\/\/terminology.hl7.org\/CodeSystem\/consentscope#privacy is not in/,
        ) as unknown as string,
      ]),
    );
  });
});
