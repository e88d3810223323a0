import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Consentry, History, PatientDetails } from '@consentry/core';
import { mapDirectory, type DirectoryOrganisation, type FhirDirectory } from '@consentry/fhir';
import { fromConsentryError, type FhirFailure } from './outcome.js';

/**
 * Staff are known to this host by their account (a username, or `token:<label>` for an API
 * token), not by SDS user id: that local identifier is what FHIR output carries. A host that
 * holds SDS user ids would return them with system https://fhir.nhs.uk/Id/sds-user-id.
 */
export const staffAccountSystem = 'urn:consentry:staff-account';

const staff: FhirDirectory['staff'] = (actor) => ({ system: staffAccountSystem, value: actor.id });

/** Patient names stay out of FHIR output: the NHS number identifies, a name would only spread. */
export const directoryFromHistory = (history: History): FhirDirectory => {
  const patients = new Map<string, { nhsNumber: string }>();
  for (const [id, state] of history.patients)
    if (state.status === 'registered') patients.set(id, { nhsNumber: state.nhsNumber });
  const organisations = new Map<string, DirectoryOrganisation>();
  for (const [id, state] of history.organisations)
    if (state.status !== 'unregistered')
      organisations.set(id, { odsCode: state.odsCode, name: state.name });
  return mapDirectory(patients, organisations, staff);
};

/** The directory for one patient's resources: that patient and every organisation. */
export const directoryForPatient = (
  consentry: Consentry,
  patient: PatientDetails,
): TE.TaskEither<FhirFailure, FhirDirectory> =>
  pipe(
    consentry.organisations(),
    TE.mapLeft(fromConsentryError),
    TE.map((all) =>
      mapDirectory(
        new Map([[patient.patientId, { nhsNumber: patient.nhsNumber }]]),
        new Map(all.map((o) => [o.organisationId, { odsCode: o.odsCode, name: o.name }])),
        staff,
      ),
    ),
  );
