import { auditEventsFromEvents } from './auditEvent.js';
import { codes, identifierSystems, profiles } from './codeSystems.js';
import { directory, history, hospitalStaff } from './__fixtures__/events.js';
import { r4Problems } from './testing/index.js';
import type { AuditEvent } from './types.js';

const request = { patientId: 'alice', organisationId: 'cornwall-hospital' };
const trail = [
  { rule: 'care-relationship', result: 'passed', note: 'active since 1 July' },
  { rule: 'sharing-in-consent', result: 'decided', note: 'consent recorded 1 July' },
];

const given = () => {
  const at = history();
  return [
    at('AccessRequested', { ...request, requestId: 'r-1', purpose: 'TREAT' }, hospitalStaff),
    at(
      'AccessGranted',
      { ...request, requestId: 'r-1', basis: 'sharing-in-consent', trail },
      hospitalStaff,
    ),
    at('RecordViewed', { ...request, basis: 'sharing-in-consent' }, hospitalStaff),
    at('AccessRequested', { ...request, requestId: 'r-2', purpose: 'TREAT' }, hospitalStaff),
    at(
      'AccessDenied',
      { ...request, requestId: 'r-2', reason: 'patient-dissent', trail },
      hospitalStaff,
    ),
    at(
      'AccessRequested',
      { ...request, requestId: 'r-3', purpose: 'ETREAT', justification: 'Unconscious in A&E' },
      hospitalStaff,
    ),
    at(
      'EmergencyAccessInvoked',
      {
        ...request,
        requestId: 'r-3',
        emergencyId: 'e-1',
        justification: 'Unconscious in A&E',
        until: '2026-07-02T09:06:00.000Z',
      },
      hospitalStaff,
    ),
    at(
      'AccessGranted',
      {
        ...request,
        requestId: 'r-3',
        basis: 'emergency',
        trail,
        until: '2026-07-02T09:06:00.000Z',
      },
      hospitalStaff,
    ),
    at('RecordViewed', { ...request, basis: 'emergency' }, hospitalStaff),
    at('AccessRequested', { ...request, requestId: 'r-4', purpose: 'TREAT' }, hospitalStaff),
    at(
      'AccessReferredToPatient',
      { ...request, requestId: 'r-4', outcome: 'verify', trail },
      hospitalStaff,
    ),
  ];
};

const purposeCodes = (audit: AuditEvent) =>
  audit.purposeOfEvent.flatMap((p) => p.coding.map((c) => c.code));

describe('AuditEvent from access decisions and record views', () => {
  const audits = auditEventsFromEvents(given(), { directory });

  it('one AuditEvent per decision, emergency access and view (requests are folded in), each valid FHIR R4', () => {
    expect(audits.map((a) => [a.action, a.outcome, a.outcomeDesc])).toEqual([
      ['E', '0', 'permit: sharing-in-consent'],
      ['R', '0', 'record viewed: sharing-in-consent'],
      ['E', '4', 'deny: patient-dissent'],
      ['E', '0', 'emergency access: Unconscious in A&E'],
      ['E', '0', 'permit: emergency'],
      ['R', '0', 'record viewed: emergency'],
      ['E', '0', 'verify'],
    ]);
    for (const audit of audits) {
      expect(r4Problems(audit)).toEqual([]);
      expect(audit.meta?.profile).toEqual([profiles.auditEvent]);
    }
  });

  it('an emergency carries the justification given, on the request and on the emergency access', () => {
    const emergencies = audits.filter((a) => a.purposeOfEvent[0]?.coding[0]?.code === 'ETREAT');
    expect(emergencies.map((a) => a.entity[0]?.detail?.[0])).toEqual([
      { type: 'emergency-justification', valueString: 'Unconscious in A&E' },
      { type: 'emergency-justification', valueString: 'Unconscious in A&E' },
      // The record view names the emergency basis; the justification is on the two before it.
      undefined,
    ]);
  });

  it('purposeOfEvent is TREAT for direct care, ETREAT and BTG for emergency access', () => {
    expect(audits.map(purposeCodes)).toEqual([
      ['TREAT'],
      ['TREAT'],
      ['TREAT'],
      ['ETREAT', 'BTG'],
      ['ETREAT', 'BTG'],
      ['ETREAT', 'BTG'],
      ['TREAT'],
    ]);
    for (const audit of audits) {
      for (const coding of audit.purposeOfEvent.flatMap((p) => p.coding)) {
        expect(coding.system).toBe('http://terminology.hl7.org/CodeSystem/v3-ActReason');
      }
    }
  });

  it('names the organisation as requestor, the patient as the entity, and keeps the rule trail', () => {
    const granted = audits[0] as AuditEvent;
    expect(granted.type).toEqual({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110110',
      display: 'Patient Record',
    });
    expect(granted.agent).toEqual([
      {
        who: {
          type: 'Organization',
          identifier: { system: identifierSystems.odsOrganisation, value: 'RK9' },
          display: 'Cornwall Coast Hospital',
        },
        requestor: true,
      },
      {
        type: codes.recipient,
        who: {
          type: 'Practitioner',
          identifier: { system: identifierSystems.sdsUser, value: '555123456789' },
        },
        requestor: true,
      },
    ]);
    expect(granted.entity[0]).toMatchObject({
      what: {
        type: 'Patient',
        identifier: { system: identifierSystems.nhsNumber, value: '9434765919' },
      },
      type: codes.person,
      role: codes.patientRole,
    });
    expect(granted.entity[0]?.detail).toEqual([
      { type: 'care-relationship', valueString: 'passed: active since 1 July' },
      { type: 'sharing-in-consent', valueString: 'decided: consent recorded 1 July' },
    ]);
    expect(granted.recorded).toBe('2026-07-01T09:02:00.000Z');
  });

  it('a refused command is a minor failure by the organisation that tried, naming the patient', () => {
    const at = history();
    const [refusal, byPatient] = auditEventsFromEvents(
      [
        at(
          'AttemptRefused',
          {
            patientId: 'alice',
            command: 'viewRecord',
            why: 'no permit',
            organisationId: 'cornwall-hospital',
            outcome: 'deny',
          },
          hospitalStaff,
        ),
        at('AttemptRefused', { patientId: 'alice', command: 'approveOnline', why: 'no request' }),
        at('AttemptRefused', { patientId: 'alice', command: 42 }),
      ],
      { directory },
    );
    expect(refusal).toMatchObject({
      outcome: '4',
      outcomeDesc: 'refused: viewRecord: no permit',
      agent: [{ who: { identifier: { value: 'RK9' } } }, { who: { type: 'Practitioner' } }],
      entity: [{ what: { identifier: { value: '9434765919' } } }],
    });
    // No organisation: the patient herself tried it.
    expect(byPatient?.agent).toEqual([
      {
        who: {
          type: 'Patient',
          identifier: { system: identifierSystems.nhsNumber, value: '9434765919' },
          display: 'Alice Smith',
        },
        requestor: true,
      },
    ]);
    for (const audit of [refusal, byPatient]) expect(r4Problems(audit!)).toEqual([]);
  });
});
