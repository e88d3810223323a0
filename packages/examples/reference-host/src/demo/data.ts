/** The demonstration world: a Leicestershire practice and its neighbours, a hospital far away, three patients. */
export const DEMO_PASSWORD = 'demo-password-1';

export const demoOrganisations = [
  {
    organisationId: 'leic-practice',
    odsCode: 'C82001',
    name: 'Wigston Lane Surgery',
    kind: 'gp-practice',
    area: 'leicestershire',
  },
  {
    organisationId: 'leic-hospital',
    odsCode: 'RWE01',
    name: 'Leicester City Hospital',
    kind: 'hospital',
    area: 'leicestershire',
  },
  {
    organisationId: 'leic-urgent-care',
    odsCode: 'RWE02',
    name: 'Loughborough Urgent Care Centre',
    kind: 'urgent-care',
    area: 'leicestershire',
  },
  {
    organisationId: 'cornwall-hospital',
    odsCode: 'REF01',
    name: 'Cornwall Coast Hospital',
    kind: 'hospital',
    area: 'cornwall',
  },
] as const;

export const demoPatients = [
  {
    patientId: 'alice',
    nhsNumber: '9434765919',
    name: 'Alice Smith',
    dateOfBirth: '1984-03-15',
    contact: { email: 'alice@example.org', preferredChannel: 'email' },
    portal: true,
  },
  {
    patientId: 'bob',
    nhsNumber: '9487234527',
    name: 'Bob Jones',
    dateOfBirth: '1950-11-02',
    contact: { mobile: '+447700900456', preferredChannel: 'sms' },
    portal: false,
  },
  {
    patientId: 'carol',
    nhsNumber: '9401404216',
    name: 'Carol White',
    dateOfBirth: '1972-07-30',
    contact: null,
    portal: false,
  },
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
