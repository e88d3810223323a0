import { consentsFromEvents } from './consent.js';
import { codes, consentKinds, identifierSystems, profiles, systems } from './codeSystems.js';
import { directory, history, hospitalStaff, practiceStaff } from './__fixtures__/events.js';
import { r4Problems } from './testing/index.js';
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

const alice = {
  type: 'Patient',
  identifier: { system: identifierSystems.nhsNumber, value: '9434765919' },
  display: 'Alice Smith',
};
const cornwall = {
  type: 'Organization',
  identifier: { system: identifierSystems.odsOrganisation, value: 'RK9' },
  display: 'Cornwall Coast Hospital',
};

describe('Consent from sharing preferences and consents', () => {
  const consents = consentsFromEvents(given(), { directory });

  it('one Consent per choice, each valid FHIR R4 and UK Core (schema, invariants, bindings, references)', () => {
    expect(consents).toHaveLength(5);
    for (const consent of consents) {
      expect(r4Problems(consent)).toEqual([]);
      expect(consent.meta?.profile).toEqual([profiles.consent]);
    }
  });

  it('names the patient by NHS number and organisations by ODS code, never by internal id', () => {
    expect(JSON.stringify(consents)).not.toMatch(/alice"|cornwall-hospital|leic-practice/);
    for (const consent of consents) expect(consent.patient).toEqual(alice);
  });

  it('a preference for all organisations has no actor; require-verification is opt-in with restrictions', () => {
    const all = consents[0] as Consent;
    expect(all).toMatchObject({ status: 'active', performer: [alice] });
    expect(all.category).toEqual([codes.patientConsent, consentKinds.preference]);
    expect(byPolicy(all)).toBe('OPTINR');
    expect(all.policy).toEqual([{ uri: 'urn:consentry:policy:shared-record-direct-care' }]);
    expect(all.provision).toEqual({
      type: 'permit',
      period: { start: '2026-07-01T09:01:00.000Z' },
      action: [codes.accessAction],
      purpose: [codes.treat],
    });
  });

  it('a preference for one organisation names it as recipient, with its expiry as the period end', () => {
    const one = consents[1] as Consent;
    // Practice staff whose national identifier is not known: the practice alone performs it.
    expect(one.performer).toEqual([
      {
        type: 'Organization',
        identifier: { system: identifierSystems.odsOrganisation, value: 'C82001' },
      },
    ]);
    expect(one.provision.actor).toEqual([{ role: codes.recipient, reference: cornwall }]);
    expect(one.provision.period?.end).toBe('2026-08-01T00:00:00.000Z');
    expect(
      consentsFromEvents(given(), { directory, asOf: '2026-08-01T00:00:00.000Z' })[1]?.status,
    ).toBe('inactive');
  });

  it('a verified code is verified with the patient, by the organisation that took it, and says how', () => {
    const verified = consents[2] as Consent;
    expect(verified.status).toBe('inactive');
    expect(verified.category[1]).toEqual(consentKinds.sharingIn);
    expect(verified.verification).toEqual([
      {
        extension: [
          {
            url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Consent.verification.verificationType',
            valueCodeableConcept: {
              coding: [{ system: 'urn:consentry:verification-route', code: 'verified-code' }],
              text: 'A one-time code sent to the patient, read out by them to the organisation',
            },
          },
          {
            url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Consent.verification.verifiedBy',
            valueReference: cornwall,
          },
        ],
        verified: true,
        verifiedWith: alice,
        verificationDate: '2026-07-01T09:03:00.000Z',
      },
    ]);
    expect(verified.provision).toMatchObject({ type: 'permit', purpose: [codes.treat] });
  });

  it('a dissent given in person is a deny, performed by the organisation and its member of staff (SDS user id), without verification', () => {
    const dissent = consents[3] as Consent;
    expect(dissent).toMatchObject({
      status: 'active',
      performer: [
        cornwall,
        {
          type: 'Practitioner',
          identifier: { system: identifierSystems.sdsUser, value: '555123456789' },
        },
      ],
      provision: { type: 'deny' },
    });
    expect(byPolicy(dissent)).toBe('OPTOUT');
    expect(dissent.verification).toBeUndefined();
  });

  it('sharing out names the recording organisation as custodian', () => {
    expect((consents[4] as Consent).provision.actor?.[0]?.role).toEqual(codes.custodian);
    expect((consents[4] as Consent).category[1]).toEqual(consentKinds.sharingOut);
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

  it('an id the directory does not know falls back to the internal id (by identifier when FHIR ids cannot carry it), and still validates', () => {
    const at = history();
    const [consent] = consentsFromEvents(
      [
        at('SharingInConsentRecorded', {
          patientId: 'alice_2',
          organisationId: 'org~x',
          answer: 'consent',
          route: 'approved-online',
        }),
      ],
      { directory },
    );
    // Not in the directory: the internal id, by identifier.
    expect(consent?.patient).toEqual({
      type: 'Patient',
      identifier: { system: 'urn:consentry:patient-id', value: 'alice_2' },
    });
    expect(r4Problems(consent as Consent)).toEqual([]);
  });
});

describe('a choice a proxy made for the patient (docs/fhir.md)', () => {
  it('names the proxy as a RelatedPerson performer, the patient as the Consent.patient', () => {
    const at = history();
    const [consent] = consentsFromEvents(
      [
        at(
          'SharingPreferenceSet',
          {
            patientId: 'alice',
            organisationId: 'cornwall-hospital',
            preference: 'deny',
            setBy: 'patient',
          },
          { kind: 'proxy', id: 'sam', forPatientId: 'alice' },
        ),
      ],
      { directory },
    );
    expect(consent?.patient).toEqual(alice);
    expect(consent?.performer).toEqual([
      {
        type: 'RelatedPerson',
        identifier: { system: identifierSystems.consentryProxy, value: 'sam' },
        display: 'acting for the patient',
      },
    ]);
    expect(r4Problems(consent as Consent)).toEqual([]);
  });
});
