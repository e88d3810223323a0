import * as t from 'io-ts';
import { OrganisationId } from '../organisation/codecs.js';

const entry = t.type({ practiceId: OrganisationId, organisationId: OrganisationId });

/** On the Allowed list: may set up sharing without a code (it leaves the Prohibited list if it was there). */
export const OrganisationAllowed = t.type({ type: t.literal('OrganisationAllowed'), data: entry });
/** On the Prohibited list: may never view, except emergency (it leaves the Allowed list). */
export const OrganisationProhibited = t.type({
  type: t.literal('OrganisationProhibited'),
  data: entry,
});
export const OrganisationListEntryRemoved = t.type({
  type: t.literal('OrganisationListEntryRemoved'),
  data: entry,
});

export const PracticeListsEvent = t.union([
  OrganisationAllowed,
  OrganisationProhibited,
  OrganisationListEntryRemoved,
]);
export type PracticeListsEvent = t.TypeOf<typeof PracticeListsEvent>;
