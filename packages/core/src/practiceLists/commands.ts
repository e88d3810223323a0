import type { OrganisationId } from '../organisation/codecs.js';

export type PracticeListsCommand = {
  readonly type: 'AllowOrganisation' | 'ProhibitOrganisation' | 'RemoveFromLists';
  readonly data: { readonly practiceId: OrganisationId; readonly organisationId: OrganisationId };
};
