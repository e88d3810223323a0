import type { ConsentryEvent } from '../events.js';

/** One event of every type, with fixed values: what the golden file pins. */
const ids = {
  patientId: 'pat-1',
  organisationId: 'org-far',
  requestId: 'req-1',
  challengeId: '0b7c2a4e-5f0d-4c1e-9a3b-2d6f8e1c4a70',
};
const trail = [
  {
    rule: 'R6-preference-table',
    result: 'decided',
    note: 'preference unknown, organisation elsewhere',
  },
];
const list = { practiceId: 'org-practice', organisationId: 'org-far' };

export const sampleEvents = [
  {
    type: 'PatientRegistered',
    data: {
      patientId: 'pat-1',
      nhsNumber: '9434765919',
      name: 'Alice Smith',
      dateOfBirth: '1980-02-03',
      homeArea: 'leicestershire',
      practiceId: 'org-practice',
    },
  },
  {
    type: 'ContactDetailsRecorded',
    data: {
      patientId: 'pat-1',
      mobile: '+447700900123',
      email: 'alice@example.org',
      preferredChannel: 'sms',
    },
  },
  { type: 'PortalEnrolled', data: { patientId: 'pat-1' } },
  {
    type: 'OrganisationRegistered',
    data: {
      organisationId: 'org-far',
      odsCode: 'RK950',
      name: 'Cornwall Hospital',
      kind: 'hospital',
      area: 'cornwall',
    },
  },
  { type: 'OrganisationClosed', data: { organisationId: 'org-far' } },
  { type: 'OrganisationAllowed', data: list },
  { type: 'OrganisationProhibited', data: list },
  { type: 'OrganisationListEntryRemoved', data: list },
  {
    type: 'SharingPreferenceSet',
    data: {
      patientId: 'pat-1',
      organisationId: 'org-far',
      preference: 'require-verification',
      setBy: 'practice',
      until: '2026-12-31T00:00:00.000Z',
    },
  },
  { type: 'SharingPreferenceCleared', data: { patientId: 'pat-1', organisationId: 'org-far' } },
  {
    type: 'SharingInConsentRecorded',
    data: {
      patientId: 'pat-1',
      organisationId: 'org-far',
      answer: 'consent',
      route: 'verified-code',
      requestId: 'req-1',
    },
  },
  { type: 'SharingInConsentWithdrawn', data: { patientId: 'pat-1', organisationId: 'org-far' } },
  {
    type: 'SharingOutConsentRecorded',
    data: { patientId: 'pat-1', organisationId: 'org-far', answer: 'dissent' },
  },
  {
    type: 'CareRelationshipStarted',
    data: {
      patientId: 'pat-1',
      relationshipId: 'rel-1',
      organisationId: 'org-far',
      selfClaimed: true,
      reason: 'walk-in',
    },
  },
  {
    type: 'CareRelationshipEnded',
    data: { patientId: 'pat-1', relationshipId: 'rel-1', organisationId: 'org-far' },
  },
  {
    type: 'CareRelationshipReviewed',
    data: {
      patientId: 'pat-1',
      relationshipId: 'rel-1',
      organisationId: 'org-far',
      outcome: 'appropriate',
      notes: 'confirmed',
    },
  },
  { type: 'AccessRequested', data: { ...ids, purpose: 'ETREAT', justification: 'unconscious' } },
  {
    type: 'AccessGranted',
    data: {
      patientId: 'pat-1',
      requestId: 'req-1',
      organisationId: 'org-far',
      basis: 'emergency',
      trail,
      until: '2026-07-02T09:00:00.000Z',
    },
  },
  {
    type: 'AccessDenied',
    data: {
      patientId: 'pat-1',
      requestId: 'req-1',
      organisationId: 'org-far',
      reason: 'no-care-relationship',
      trail,
    },
  },
  {
    type: 'AccessReferredToPatient',
    data: {
      patientId: 'pat-1',
      requestId: 'req-1',
      organisationId: 'org-far',
      outcome: 'verify',
      trail,
    },
  },
  {
    type: 'EmergencyAccessInvoked',
    data: {
      patientId: 'pat-1',
      requestId: 'req-1',
      organisationId: 'org-far',
      emergencyId: 'em-1',
      justification: 'unconscious',
      until: '2026-07-02T09:00:00.000Z',
    },
  },
  {
    type: 'EmergencyAccessReviewed',
    data: {
      patientId: 'pat-1',
      emergencyId: 'em-1',
      organisationId: 'org-far',
      outcome: 'inappropriate',
      notes: 'no emergency',
    },
  },
  {
    type: 'RecordViewed',
    data: { patientId: 'pat-1', organisationId: 'org-far', basis: 'verified-code' },
  },
  {
    type: 'VerificationChallengeIssued',
    data: {
      ...ids,
      keyId: 'k1',
      channel: 'sms',
      channels: ['sms', 'portal'],
      codeDigits: 6,
      maxAttempts: 5,
      issuedAt: '2026-07-01T09:00:00.000Z',
      expiresAt: '2026-07-01T09:10:00.000Z',
    },
  },
  {
    type: 'VerificationCodeResent',
    data: {
      patientId: 'pat-1',
      challengeId: ids.challengeId,
      organisationId: 'org-far',
      channel: 'sms',
    },
  },
  {
    type: 'VerificationCodeRejected',
    data: {
      patientId: 'pat-1',
      challengeId: ids.challengeId,
      organisationId: 'org-far',
      attemptsLeft: 4,
    },
  },
  {
    type: 'VerificationChallengeLocked',
    data: { patientId: 'pat-1', challengeId: ids.challengeId, organisationId: 'org-far' },
  },
  {
    type: 'VerificationChallengeExpired',
    data: { patientId: 'pat-1', challengeId: ids.challengeId, organisationId: 'org-far' },
  },
  { type: 'VerificationChallengeSucceeded', data: { ...ids } },
  { type: 'OnlineApprovalGiven', data: { ...ids } },
  { type: 'OnlineApprovalRefused', data: { ...ids } },
  // Added with the trust model (docs/domain.md): care sources, dated resends, refusals, reservations.
  {
    type: 'CareRelationshipStarted',
    data: {
      patientId: 'pat-1',
      relationshipId: 'rel-2',
      organisationId: 'org-far',
      selfClaimed: false,
      source: 'referral',
      referredBy: 'org-near',
    },
  },
  {
    type: 'VerificationCodeResent',
    data: {
      patientId: 'pat-1',
      challengeId: ids.challengeId,
      organisationId: 'org-far',
      channel: 'sms',
      resentAt: '2026-07-01T09:02:00.000Z',
    },
  },
  {
    type: 'AttemptRefused',
    data: {
      patientId: 'pat-1',
      command: 'recordInPersonAnswer',
      why: 'An organisation may record its own consent only where it may ask the patient in person',
      organisationId: 'org-far',
      about: 'org-far',
      outcome: 'verify',
    },
  },
  {
    type: 'RefusalsReviewed',
    data: {
      patientId: 'pat-1',
      alertId: 'evt-1',
      organisationId: 'org-far',
      outcome: 'inappropriate',
      notes: 'spoken to the ward manager',
    },
  },
  { type: 'NhsNumberReserved', data: { patientId: 'pat-1' } },
  {
    type: 'SharingInConsentRecorded',
    data: {
      patientId: 'pat-1',
      organisationId: 'org-far',
      answer: 'consent',
      route: 'verified-code',
      until: '2026-07-15T09:00:00.000Z',
    },
  },
  {
    type: 'SensitiveLabelConsentRecorded',
    data: { patientId: 'pat-1', organisationId: 'org-far', label: 'sexual-health' },
  },
  {
    type: 'ProxyGranted',
    data: {
      patientId: 'pat-1',
      proxyId: 'proxy-1',
      relationship: 'parent',
      evidence: 'birth certificate seen, ref BC-1',
      scope: ['manage-sharing', 'receive-codes', 'see-access-history'],
      grantedBy: 'practice',
      grantedAt: '2026-07-01T09:00:00.000Z',
      until: '2027-07-01T09:00:00.000Z',
      mobile: '+447700900456',
      email: 'sam@example.org',
    },
  },
  { type: 'ProxyRevoked', data: { patientId: 'pat-1', proxyId: 'proxy-1', revokedBy: 'patient' } },
  { type: 'PatientCapacityRecorded', data: { patientId: 'pat-1', lacksCapacity: true } },
  {
    type: 'CodesRecipientChosen',
    data: { patientId: 'pat-1', to: 'both', proxyId: 'proxy-1' },
  },
  { type: 'PersonalDataErased', data: { patientId: 'pat-1', scope: 'all' } },
  { type: 'NhsNumberReserved', data: { patientId: 'pat-1', nhsNumber: '9434765919' } },
  {
    type: 'HomeAreaChanged',
    data: { patientId: 'pat-1', homeArea: 'cornwall', previousArea: 'leicestershire' },
  },
  {
    type: 'RegisteredPracticeChanged',
    data: { patientId: 'pat-1', practiceId: 'org-far-gp', previousPracticeId: 'org-gp' },
  },
  { type: 'PatientDeregistered', data: { patientId: 'pat-1', practiceId: 'org-far-gp' } },
  { type: 'PatientDied', data: { patientId: 'pat-1' } },
  {
    type: 'VerificationChallengeIssued',
    data: {
      ...ids,
      keyId: 'k1',
      channel: 'sms',
      channels: ['sms'],
      codeDigits: 6,
      maxAttempts: 5,
      issuedAt: '2026-07-01T09:00:00.000Z',
      expiresAt: '2026-07-01T09:10:00.000Z',
      sendTo: { patient: false, proxyIds: ['proxy-1'] },
    },
  },
  {
    type: 'VerificationCodeResent',
    data: {
      patientId: 'pat-1',
      challengeId: ids.challengeId,
      organisationId: 'org-far',
      channel: 'sms',
      resentAt: '2026-07-01T09:02:00.000Z',
      sendTo: { patient: true, proxyIds: ['proxy-1'] },
    },
  },
  // An allow set by the practice, with the organisations it newly opened the record to.
  {
    type: 'SharingPreferenceSet',
    data: {
      patientId: 'pat-1',
      preference: 'allow',
      setBy: 'practice',
      opens: ['org-far', 'org-near'],
    },
  },
  // The patient asked to be told when time-limited consents end; the sweep's notices.
  {
    type: 'EndNoticesChosen',
    data: { patientId: 'pat-1', tell: true, at: '2026-07-01T09:00:00.000Z' },
  },
  {
    type: 'ConsentEndNoticed',
    data: {
      patientId: 'pat-1',
      consent: 'sharing-in',
      organisationId: 'org-far',
      until: '2026-07-08T09:00:00.000Z',
    },
  },
  {
    type: 'ConsentEndNoticed',
    data: { patientId: 'pat-1', consent: 'preference', until: '2026-07-08T09:00:00.000Z' },
  },
  {
    type: 'ProxyEndNoticed',
    data: {
      patientId: 'pat-1',
      proxyId: 'proxy-1',
      relationship: 'parent',
      grantedAt: '2026-07-01T09:00:00.000Z',
      reason: 'child-turned-sixteen',
    },
  },
] as const satisfies readonly { type: ConsentryEvent['type']; data: unknown }[];
