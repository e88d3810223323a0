import { testContacts, testOrganisations, testPatients } from '@consentry/core/testing';

/**
 * The demonstration world: core's test world (docs/testing.md) extended with an urgent care
 * centre. Its hospitals keep the names the demo's pages, docs and screenshots show, and Alice,
 * who signs in with a code by e-mail, the birth date the sign-in examples use.
 */
export const DEMO_PASSWORD = 'demo-password-1';

const { practice, local, far } = testOrganisations;
export const demoOrganisations = [
  practice,
  { ...local, name: 'Leicester City Hospital' },
  {
    organisationId: 'leic-urgent-care',
    odsCode: 'RWE02',
    name: 'Loughborough Urgent Care Centre',
    kind: 'urgent-care',
    area: 'leicestershire',
  },
  { ...far, name: 'Cornwall Coast Hospital' },
] as const;

const { alice, bob, carol } = testPatients;
export const demoPatients = [
  {
    ...alice,
    dateOfBirth: '1984-03-15',
    contact: { email: 'alice@example.org', preferredChannel: 'email' },
    portal: true,
  },
  { ...bob, contact: { mobile: '+447700900456', preferredChannel: 'sms' }, portal: false },
  { ...carol, contact: testContacts.carol, portal: false },
] as const;

export const demoStaff = [
  {
    username: 'practice',
    role: 'practice-staff',
    organisationId: 'leic-practice',
    displayName: 'Practice administrator',
  },
  {
    username: 'leicester',
    role: 'organisation-staff',
    organisationId: 'leic-hospital',
    displayName: 'Leicester City Hospital clinician',
  },
  {
    username: 'urgentcare',
    role: 'organisation-staff',
    organisationId: 'leic-urgent-care',
    displayName: 'Urgent care clinician',
  },
  {
    username: 'cornwall',
    role: 'organisation-staff',
    organisationId: 'cornwall-hospital',
    displayName: 'Cornwall Coast Hospital clinician',
  },
  {
    username: 'privacy',
    role: 'privacy-officer',
    organisationId: 'leic-practice',
    displayName: 'Privacy officer, Wigston Lane Surgery',
  },
  {
    username: 'auditor',
    role: 'auditor',
    organisationId: null,
    displayName: 'Auditor (read only)',
  },
] as const;

/** Entries in Alice's record at the practice and the local hospital, to show sharing out at work. */
export const demoRecordEntries = [
  {
    entryId: 'alice-1',
    patientId: 'alice',
    organisationId: 'leic-practice',
    recordedAt: '2025-11-04T10:00:00Z',
    text: 'Asthma review: inhaler technique checked, salbutamol as needed.',
    label: 'normal',
  },
  {
    entryId: 'alice-2',
    patientId: 'alice',
    organisationId: 'leic-practice',
    recordedAt: '2024-02-12T09:30:00Z',
    text: 'Allergy recorded: penicillin (rash).',
    label: 'normal',
  },
  {
    entryId: 'alice-3',
    patientId: 'alice',
    organisationId: 'leic-practice',
    recordedAt: '2025-06-20T14:00:00Z',
    text: 'Sexual health clinic: routine screening, all results negative.',
    label: 'sexual-health',
  },
  {
    entryId: 'alice-4',
    patientId: 'alice',
    organisationId: 'leic-hospital',
    recordedAt: '2023-08-09T16:45:00Z',
    text: 'Discharge summary: laparoscopic appendicectomy, no complications.',
    label: 'normal',
  },
] as const;
