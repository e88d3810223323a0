import { fullUrl } from './references.js';
import type { Bundle, ConsentryFhirResource } from './types.js';

/** A `collection` Bundle of the resources, as `audit export-fhir` writes it (no `total`: R4 allows it on searches only, bdl-1). */
export const fhirBundle = (
  resources: readonly ConsentryFhirResource[],
  timestamp: string,
  id?: string,
): Bundle => ({
  resourceType: 'Bundle',
  ...(id === undefined ? {} : { id }),
  type: 'collection',
  timestamp,
  entry: resources.map((resource) => {
    const url = fullUrl(resource.id);
    return url === undefined ? { resource } : { fullUrl: url, resource };
  }),
});
