import { createHash } from 'node:crypto';
import { isErased } from '@consentry/core';
import { identifierSystems } from './codeSystems.js';
import type { DirectoryActor, FhirDirectory } from './directory.js';
import type { Reference } from './types.js';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Consentry ids may hold `_` and `~`, which FHIR ids cannot; those are referred to by identifier. */
export const reference = (resourceType: 'Patient' | 'Organization', id: string): Reference =>
  FHIR_ID.test(id)
    ? { reference: `${resourceType}/${id}` }
    : {
        type: resourceType,
        identifier: { system: `urn:consentry:${resourceType.toLowerCase()}-id`, value: id },
      };

/**
 * The patient by NHS number when the directory knows it (UK Core's nhs-number identifier). An
 * erased number (docs/personal-data.md) is no identifier: the internal id is used instead,
 * and an erased name is not displayed.
 */
export const patientReference = (directory: FhirDirectory, patientId: string): Reference => {
  const known = directory.patient(patientId);
  return known === undefined || isErased(known.nhsNumber)
    ? reference('Patient', patientId)
    : {
        type: 'Patient',
        identifier: { system: identifierSystems.nhsNumber, value: known.nhsNumber },
        ...(known.name === undefined || isErased(known.name) ? {} : { display: known.name }),
      };
};

/** The organisation by ODS code when the directory knows it. */
export const organisationReference = (
  directory: FhirDirectory,
  organisationId: string,
): Reference => {
  const known = directory.organisation(organisationId);
  return known === undefined
    ? reference('Organization', organisationId)
    : {
        type: 'Organization',
        identifier: { system: identifierSystems.odsOrganisation, value: known.odsCode },
        ...(known.name === undefined ? {} : { display: known.name }),
      };
};

/** A member of staff, by the identifier the directory gives (none: not referred to). */
export const staffReference = (
  directory: FhirDirectory,
  actor: DirectoryActor,
): Reference | undefined => {
  const identifier = directory.staff?.(actor);
  return identifier === undefined ? undefined : { type: 'Practitioner', identifier };
};

/** Staff kinds whose `id` names one person (not a system feed, not the host). */
export const isStaff = (actor: DirectoryActor): boolean =>
  actor.kind === 'organisation-staff' || actor.kind === 'practice-staff';

/** A resource id from an event id: as is when FHIR allows it, else a stable hash of it. */
export const resourceId = (eventId: string): string =>
  FHIR_ID.test(eventId) ? eventId : createHash('sha256').update(eventId).digest('hex');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Bundle entries name their resources `urn:uuid:…` when the id is a UUID (event ids are). */
export const fullUrl = (id: string): string | undefined =>
  UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : undefined;

/** FHIR instants need seconds and a zone; core's instants may omit seconds, so normalise to UTC. */
export const fhirInstant = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
};
