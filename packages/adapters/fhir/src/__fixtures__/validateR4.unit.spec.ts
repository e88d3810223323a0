import { r4Problems } from './validateR4.js';

// The validation the other specs rely on must fail on broken resources, or their
// "no problems" proves nothing. These are the broken resources of /work/notes/fhir-validation.md.
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
});
