import type { Identifier } from './types.js';

/** What a host knows about a patient: the NHS number other systems match on. */
export interface DirectoryPatient {
  readonly nhsNumber: string;
  readonly name?: string;
}

/** What a host knows about an organisation: its ODS code. */
export interface DirectoryOrganisation {
  readonly odsCode: string;
  readonly name?: string;
}

/** Who acted, as events record it. */
export interface DirectoryActor {
  readonly kind: string;
  readonly id: string;
  readonly organisationId?: string;
}

/**
 * National identifiers for Consentry's internal ids. Events name patients and organisations by
 * internal id; FHIR output names them by NHS number and ODS code, which other NHS systems can
 * match. An id the directory does not know is referred to by its internal id (docs/fhir.md).
 */
export interface FhirDirectory {
  readonly patient: (patientId: string) => DirectoryPatient | undefined;
  readonly organisation: (organisationId: string) => DirectoryOrganisation | undefined;
  /** A member of staff's national identifier (SDS user id) or the host's own account identifier. */
  readonly staff?: (actor: DirectoryActor) => Identifier | undefined;
}

/** No national identifiers known: every reference falls back to the internal id. */
export const emptyDirectory: FhirDirectory = {
  patient: () => undefined,
  organisation: () => undefined,
};

/** A directory from plain maps (internal id → details), as a host builds it from its read models. */
export const mapDirectory = (
  patients: ReadonlyMap<string, DirectoryPatient>,
  organisations: ReadonlyMap<string, DirectoryOrganisation>,
  staff?: FhirDirectory['staff'],
): FhirDirectory => ({
  patient: (id) => patients.get(id),
  organisation: (id) => organisations.get(id),
  ...(staff === undefined ? {} : { staff }),
});
