import { consentsFromEvents } from './consent.js';
import { codes, systems } from './codeSystems.js';
import { history, hospitalStaff, practiceStaff } from './__fixtures__/events.js';
import { r4Problems } from './__fixtures__/validateR4.js';
import type { Consent } from './types.js';

const given = () => {
  const at = history();
  return [
    at('SharingPreferenceSet', {
      patientId: 'alice',
      preference: 'require-verification',
      setBy: 'patient',
    }),
    at(
      'SharingPreferenceSet',
      {
        patientId: 'alice',
        organisationId: 'cornwall-hospital',
        preference: 'allow',
        setBy: 'practice',
        until: '2026-08-01T00:00:00.000Z',
      },
      practiceStaff,
    ),
    at('SharingInConsentRecorded', {
      patientId: 'alice',
      organisationId: 'cornwall-hospital',
      answer: 'consent',
      route: 'verified-code',
      requestId: 'r-1',
    }),
    at(
      'SharingInConsentRecorded',
      { patientId: 'alice', organisationId: 'devon-clinic', answer: 'dissent', route: 'in-person' },
      hospitalStaff,
    ),
    at('SharingInConsentWithdrawn', { patientId: 'alice', organisationId: 'cornwall-hospital' }),
    at('SharingOutConsentRecorded', {
      patientId: 'alice',
      organisationId: 'leic-practice',
      answer: 'consent',
    }),
    at('PatientRegistered', { ignored: true }),
  ];
};

const byPolicy = (c: Consent) => c.policyRule.coding[0]?.code;

describe('Consent from sharing preferences and consents', () => {
  const consents = consentsFromEvents(given());

  it('one Consent per choice, each valid FHIR R4 (schema, invariants, reference types)', () => {
    expect(consents).toHaveLength(5);
    for (const consent of consents) expect(r4Problems(consent)).toEqual([]);
  });

  it('a preference for all organisations has no actor; require-verification is opt-in with restrictions', () => {
    const all = consents[0] as Consent;
    expect(all).toMatchObject({
      status: 'active',
      patient: { reference: 'Patient/alice' },
      performer: [{ reference: 'Patient/alice' }],
    });
    expect(byPolicy(all)).toBe('OPTINR');
    expect(all.provision).toEqual({
      type: 'permit',
      period: { start: '2026-07-01T09:01:00.000Z' },
      action: [codes.accessAction],
    });
  });

  it('a preference for one organisation names it as recipient, with its expiry as the period end', () => {
    const one = consents[1] as Consent;
    expect(one.performer).toEqual([{ reference: 'Organization/leic-practice' }]);
    expect(one.provision.actor).toEqual([
      { role: codes.recipient, reference: { reference: 'Organization/cornwall-hospital' } },
    ]);
    expect(one.provision.period?.end).toBe('2026-08-01T00:00:00.000Z');
    expect(consentsFromEvents(given(), '2026-08-01T00:00:00.000Z')[1]?.status).toBe('inactive');
  });

  it('a verified code is a patient verification; a withdrawal makes that Consent inactive', () => {
    const verified = consents[2] as Consent;
    expect(verified.status).toBe('inactive');
    expect(verified.verification).toEqual([
      {
        verified: true,
        verifiedWith: { reference: 'Patient/alice' },
        verificationDate: '2026-07-01T09:03:00.000Z',
      },
    ]);
    expect(verified.provision).toMatchObject({ type: 'permit', purpose: [codes.treat] });
  });

  it('a dissent given in person is a deny provision, recorded by the organisation, without verification', () => {
    const dissent = consents[3] as Consent;
    expect(dissent).toMatchObject({
      status: 'active',
      performer: [{ reference: 'Organization/cornwall-hospital' }],
      provision: { type: 'deny' },
    });
    expect(byPolicy(dissent)).toBe('OPTOUT');
    expect(dissent.verification).toBeUndefined();
  });

  it('sharing out names the recording organisation as custodian', () => {
    expect((consents[4] as Consent).provision.actor?.[0]?.role).toEqual(codes.custodian);
  });

  it('uses the R4 code systems: consentscope, LOINC 59284-0, v3-ActCode, v3-ParticipationType, consentaction', () => {
    for (const consent of consents) {
      expect(consent.scope.coding).toEqual([
        {
          system: 'http://terminology.hl7.org/CodeSystem/consentscope',
          code: 'patient-privacy',
          display: 'Privacy Consent',
        },
      ]);
      expect(consent.category[0]?.coding).toEqual([
        { system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' },
      ]);
      expect(consent.policyRule.coding[0]?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      );
      expect(['OPTIN', 'OPTINR', 'OPTOUT']).toContain(byPolicy(consent));
      for (const actor of consent.provision.actor ?? [])
        expect(actor.role.coding[0]?.system).toBe(systems.participationType);
      expect(consent.provision.action?.[0]?.coding[0]?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/consentaction',
      );
    }
  });

  it('ids FHIR cannot carry are referred to by identifier, and still validate', () => {
    const at = history();
    const [consent] = consentsFromEvents([
      at('SharingInConsentRecorded', {
        patientId: 'alice_2',
        organisationId: 'org~x',
        answer: 'consent',
        route: 'approved-online',
      }),
    ]);
    expect(consent?.patient).toEqual({
      type: 'Patient',
      identifier: { system: 'urn:consentry:patient-id', value: 'alice_2' },
    });
    expect(r4Problems(consent as Consent)).toEqual([]);
  });
});
