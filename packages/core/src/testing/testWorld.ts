import type { Consentry } from '../application/api.js';
import type { CommandContext } from '../application/inputs.js';
import type { OrganisationKind } from '../organisation/codecs.js';
import { expectRight } from './expectEither.js';

/**
 * The test world (docs/testing.md): Alice's registered practice, a hospital in her area and one
 * far away (the holiday story), and three patients of the practice — Alice with a mobile, Bob
 * with an e-mail address only, Carol with no contact details at all.
 */
export const testOrganisations = {
  practice: {
    organisationId: 'leic-practice',
    odsCode: 'C82001',
    name: 'Wigston Lane Surgery',
    kind: 'gp-practice',
    area: 'leicestershire',
  },
  local: {
    organisationId: 'leic-hospital',
    odsCode: 'RWE01',
    name: 'Leicester Royal Infirmary',
    kind: 'hospital',
    area: 'leicestershire',
  },
  far: {
    organisationId: 'cornwall-hospital',
    odsCode: 'REF01',
    name: 'Royal Cornwall Hospital',
    kind: 'hospital',
    area: 'cornwall',
  },
} as const;
export type TestOrganisationKey = keyof typeof testOrganisations;

export const testPatients = {
  alice: {
    patientId: 'alice',
    nhsNumber: '9434765919',
    name: 'Alice Smith',
    dateOfBirth: '1980-02-03',
    homeArea: 'leicestershire',
    practiceId: 'leic-practice',
  },
  bob: {
    patientId: 'bob',
    nhsNumber: '9487234527',
    name: 'Bob Jones',
    dateOfBirth: '1950-11-02',
    homeArea: 'leicestershire',
    practiceId: 'leic-practice',
  },
  carol: {
    patientId: 'carol',
    nhsNumber: '9401404216',
    name: 'Carol White',
    dateOfBirth: '1972-07-30',
    homeArea: 'leicestershire',
    practiceId: 'leic-practice',
  },
} as const;
export type TestPatientKey = keyof typeof testPatients;
export const TEST_PATIENT_KEYS = Object.keys(testPatients) as readonly TestPatientKey[];

export interface TestContact {
  readonly mobile?: string;
  readonly email?: string;
  readonly preferredChannel?: 'sms' | 'email';
}

/** Each patient's starting contact details; `null`: none recorded, no code can reach them. */
export const testContacts: Readonly<Record<TestPatientKey, TestContact | null>> = {
  alice: { mobile: '07700 900123' },
  bob: { email: 'bob@example.org', preferredChannel: 'email' },
  carol: null,
};
/** Alice's mobile as messages are addressed (E.164): `notifier.lastCodeFor(ALICE_MOBILE)`. */
export const ALICE_MOBILE = '+447700900123';

// Who may do what is core's trust table (docs/facade-api.md, "Who may act"); these build the
// actor each command expects. Ids default to `<role>@<organisation>`.
const at = (
  kind: 'organisation-staff' | 'organisation-system' | 'privacy-officer' | 'practice-staff',
  organisationId: string,
  id: string,
  reason: string | undefined,
): CommandContext => ({
  actor: { kind, id, organisationId },
  ...(reason === undefined ? {} : { reason }),
});

/** The host itself (registrations). */
export const systemActor = (id = 'test', reason?: string): CommandContext => ({
  actor: { kind: 'system', id },
  ...(reason === undefined ? {} : { reason }),
});
/** A clinician of the organisation. */
export const staffOf = (organisationId: string, id = `clin@${organisationId}`, reason?: string) =>
  at('organisation-staff', organisationId, id, reason);
/** The organisation's own system feed (admissions, bookings): care it starts raises no alert. */
export const feedOf = (organisationId: string, id = `feed@${organisationId}`, reason?: string) =>
  at('organisation-system', organisationId, id, reason);
/** A privacy officer of the organisation. */
export const privacyOfficerOf = (organisationId: string, id = `po@${organisationId}`) =>
  at('privacy-officer', organisationId, id, undefined);
/** Staff of a GP practice (the patient's registered practice speaks for her lists and details). */
export const practiceStaffOf = (organisationId: string, id = `pm@${organisationId}`) =>
  at('practice-staff', organisationId, id, undefined);
export const patientActor = (patientId: string): CommandContext => ({
  actor: { kind: 'patient', id: patientId },
});
/** A proxy (a parent, a carer) acting for the patient: their own id and the patient's. */
export const proxyActor = (proxyId: string, forPatientId: string): CommandContext => ({
  actor: { kind: 'proxy', id: proxyId, forPatientId },
});

export interface TestWorldOptions {
  /** Which patients to register, in this order; default all three. */
  readonly patients?: readonly TestPatientKey[];
  /** Starting contact details to use instead of `testContacts` (`null`: none). */
  readonly contacts?: Partial<Record<TestPatientKey, TestContact | null>>;
  /** Who registers the organisations and patients; default `systemActor()`. */
  readonly system?: CommandContext;
}

/**
 * Registers the test world through the facade (organisations, patients, each patient's
 * contact details recorded by the patient) and returns the ids, the actors of the world and
 * `organisation()` to register one more (ODS code derived from the id).
 */
export const registerTestWorld = async (consentry: Consentry, options: TestWorldOptions = {}) => {
  const system = options.system ?? systemActor();
  const organisation = (
    organisationId: string,
    kind: OrganisationKind,
    area: string,
    name: string = organisationId.replace(/-/g, ' '),
  ) =>
    expectRight(
      consentry.registerOrganisation(
        { organisationId, odsCode: `X${organisationId.length}1`, name, kind, area },
        system,
      ),
      `register ${organisationId}`,
    );
  for (const input of Object.values(testOrganisations))
    await expectRight(consentry.registerOrganisation(input, system), `register ${input.name}`);
  const patients = options.patients ?? TEST_PATIENT_KEYS;
  for (const key of patients) {
    await expectRight(consentry.registerPatient(testPatients[key], system), `register ${key}`);
    const given = options.contacts;
    const contact = given !== undefined && key in given ? (given[key] ?? null) : testContacts[key];
    if (contact !== null)
      await expectRight(
        consentry.recordContactDetails({ patientId: key, ...contact }, patientActor(key)),
        `contact details of ${key}`,
      );
  }
  const { practice, local, far } = testOrganisations;
  return {
    organisations: {
      practice: practice.organisationId,
      local: local.organisationId,
      far: far.organisationId,
    },
    patients,
    actors: {
      system,
      practiceStaff: practiceStaffOf(practice.organisationId),
      privacyOfficer: privacyOfficerOf(practice.organisationId),
      localStaff: staffOf(local.organisationId),
      localFeed: feedOf(local.organisationId),
      farStaff: staffOf(far.organisationId),
      farFeed: feedOf(far.organisationId),
      alice: patientActor('alice'),
      bob: patientActor('bob'),
      carol: patientActor('carol'),
    },
    organisation,
  };
};
export type TestWorld = Awaited<ReturnType<typeof registerTestWorld>>;
