import { profiles } from './codeSystems.js';
import { fullUrl } from './references.js';
import type { Bundle, BundleEntry, ConsentryFhirResource, OperationOutcome } from './types.js';

/** A `collection` Bundle of the resources, as `audit export-fhir` writes it (no `total`: R4 allows it on searches only, bdl-1). */
export const fhirBundle = (
  resources: readonly ConsentryFhirResource[],
  timestamp: string,
  id?: string,
): Bundle => ({
  resourceType: 'Bundle',
  ...(id === undefined ? {} : { id }),
  meta: { profile: [profiles.bundle] },
  type: 'collection',
  timestamp,
  entry: resources.map((resource) => {
    const url = fullUrl(resource.id);
    return url === undefined ? { resource } : { fullUrl: url, resource };
  }),
});

export interface SearchPage {
  /** The server's base, e.g. `https://host/fhir/R4`: entries' fullUrl is `<base>/<type>/<id>`. */
  readonly base: string;
  /** This page's resources, already cut to the page. */
  readonly resources: readonly ConsentryFhirResource[];
  /** How many matched in all pages. */
  readonly total: number;
  /** The search's links (`self`, `first`, `previous`, `next`, `last`), absolute URLs. */
  readonly links: readonly { readonly relation: string; readonly url: string }[];
  readonly timestamp: string;
  /** A warning about the search itself (e.g. a parameter that was ignored). */
  readonly outcome?: OperationOutcome;
}

/** A `searchset` Bundle: one page of matches with the total and paging links. */
export const searchsetBundle = (page: SearchPage): Bundle => ({
  resourceType: 'Bundle',
  meta: { profile: [profiles.bundle] },
  type: 'searchset',
  timestamp: page.timestamp,
  total: page.total,
  link: page.links,
  entry: [
    ...page.resources.map((resource): BundleEntry => ({
      fullUrl: `${page.base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
    ...(page.outcome === undefined
      ? []
      : [{ resource: page.outcome, search: { mode: 'outcome' as const } }]),
  ],
});
