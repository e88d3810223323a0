import { choiceFromConsent } from './consentInput.js';
import { consentsFromEvents } from './consent.js';
import { directory, history, hospitalStaff } from './__fixtures__/events.js';

const nhs = { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' };
const ods = (value: string) => ({
  type: 'Organization',
  identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value },
});
const rule = (code: string) => ({
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code }],
});
const role = (code: string) => ({
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code }],
});
const kind = (code: string) => ({ coding: [{ system: 'urn:consentry:consent-kind', code }] });

/** The smallest Consent another system would post: a patient's opt-out for every organisation. */
const posted = (more: Record<string, unknown> = {}, provision: Record<string, unknown> = {}) => ({
  resourceType: 'Consent',
  status: 'active',
  scope: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
    ],
  },
  category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
  patient: { identifier: nhs },
  policyRule: rule('OPTOUT'),
  ...more,
  provision: { type: 'deny', ...provision },
});

const expressions = (body: unknown) => {
  const read = choiceFromConsent(body);
  return read.ok ? [] : read.problems.map((p) => p.expression);
};

describe('a posted Consent read as one Consentry choice', () => {
  it('without a kind it is a preference; OPTOUT for all organisations is deny', () => {
    expect(choiceFromConsent(posted())).toEqual({
      ok: true,
      choice: { kind: 'preference', nhsNumber: '9434765919', preference: 'deny' },
    });
  });

  it('a preference for one organisation (IRCP by ODS code) until a date', () => {
    const read = choiceFromConsent(
      posted(
        { policyRule: rule('OPTINR') },
        {
          type: 'permit',
          actor: [{ role: role('IRCP'), reference: ods('RK9') }],
          period: { end: '2026-08-01' },
        },
      ),
    );
    expect(read).toEqual({
      ok: true,
      choice: {
        kind: 'preference',
        nhsNumber: '9434765919',
        preference: 'require-verification',
        odsCode: 'RK9',
        until: '2026-08-01T00:00:00.000Z',
      },
    });
  });

  it('a dissent given to one organisation, and a sharing-out consent', () => {
    expect(
      choiceFromConsent(
        posted(
          { category: [kind('sharing-in-answer')] },
          { actor: [{ role: role('IRCP'), reference: ods('RK9') }] },
        ),
      ),
    ).toEqual({
      ok: true,
      choice: { kind: 'sharingIn', nhsNumber: '9434765919', answer: 'dissent', odsCode: 'RK9' },
    });
    expect(
      choiceFromConsent(
        posted(
          { category: [kind('sharing-out-answer')], policyRule: rule('OPTIN') },
          { type: 'permit', actor: [{ role: role('CST'), reference: ods('C82001') }] },
        ),
      ),
    ).toMatchObject({ ok: true, choice: { kind: 'sharingOut', answer: 'consent' } });
  });

  it('refuses, naming the element, what it would not record as said', () => {
    expect(expressions({ resourceType: 'Patient' })).toEqual(['Consent']);
    expect(expressions(posted({ status: 'inactive' }))).toEqual(['Consent.status']);
    expect(expressions(posted({ patient: { reference: 'Patient/alice' } }))).toEqual([
      'Consent.patient.identifier',
    ]);
    expect(expressions(posted({}, { type: 'permit' }))).toEqual(['Consent.provision.type']);
    expect(
      expressions(
        posted({ verification: [{ verified: true, verifiedWith: { identifier: nhs } }] }),
      ),
    ).toEqual(['Consent.verification']);
    expect(expressions(posted({ modifierExtension: [{ url: 'x', valueBoolean: true }] }))).toEqual([
      'Consent.modifierExtension',
    ]);
    expect(
      expressions(
        posted({}, { actor: [{ role: role('IRCP'), reference: { reference: 'Organization/x' } }] }),
      ),
    ).toEqual(['Consent.provision.actor[0]']);
    expect(expressions(posted({ category: [kind('sharing-in-answer')] }))).toEqual([
      'Consent.provision.actor',
    ]);
    expect(
      expressions(
        posted(
          {},
          {
            purpose: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HRESCH' },
            ],
          },
        ),
      ),
    ).toEqual(['Consent.provision.purpose[0]']);
  });

  it('reads back the Consents this package writes for preferences and in-person answers (round trip)', () => {
    const at = history();
    const events = [
      at('SharingPreferenceSet', {
        patientId: 'alice',
        organisationId: 'cornwall-hospital',
        preference: 'allow',
        setBy: 'patient',
        until: '2026-08-01T00:00:00.000Z',
      }),
      at(
        'SharingInConsentRecorded',
        {
          patientId: 'alice',
          organisationId: 'devon-clinic',
          answer: 'dissent',
          route: 'in-person',
        },
        hospitalStaff,
      ),
    ];
    const [preference, dissent] = consentsFromEvents(events, { directory });
    expect(choiceFromConsent(preference)).toEqual({
      ok: true,
      choice: {
        kind: 'preference',
        nhsNumber: '9434765919',
        preference: 'allow',
        odsCode: 'RK9',
        until: '2026-08-01T00:00:00.000Z',
      },
    });
    expect(choiceFromConsent(dissent)).toEqual({
      ok: true,
      choice: { kind: 'sharingIn', nhsNumber: '9434765919', answer: 'dissent', odsCode: 'RA9' },
    });
  });
});
