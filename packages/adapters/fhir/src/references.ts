import { createHash } from 'node:crypto';
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
