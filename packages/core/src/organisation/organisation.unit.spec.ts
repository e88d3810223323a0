import { deciderSpec } from '../testing/deciderSpec.js';
import { practiceListsDecider } from '../practiceLists/decide.js';
import { organisationDecider } from './decide.js';
import type { OrganisationEvent } from './events.js';

const b = <T>(s: string): T => s as unknown as T;
const details = {
  organisationId: b<never>('far'),
  odsCode: b<never>('RK950'),
  name: b<never>('Cornwall'),
  kind: 'hospital' as const,
  area: b<never>('cornwall'),
};
const registered: OrganisationEvent = { type: 'OrganisationRegistered', data: details };

describe('organisation decider', () => {
  const spec = deciderSpec(organisationDecider);
  it('registers once, closes once', () => {
    spec.given([]).when({ type: 'RegisterOrganisation', data: details }).then([registered]);
    spec
      .given([registered])
      .when({ type: 'RegisterOrganisation', data: details })
      .thenFails({ _tag: 'Conflict' });
    spec
      .given([registered])
      .when({ type: 'CloseOrganisation', data: {} })
      .then([{ type: 'OrganisationClosed', data: { organisationId: details.organisationId } }]);
    spec
      .given([
        registered,
        { type: 'OrganisationClosed', data: { organisationId: details.organisationId } },
      ])
      .when({ type: 'CloseOrganisation', data: {} })
      .then([]);
    spec
      .given([])
      .when({ type: 'CloseOrganisation', data: {} })
      .thenFails({ _tag: 'UnknownOrganisation' });
  });
});

describe('practice lists decider', () => {
  const spec = deciderSpec(practiceListsDecider);
  const entry = { practiceId: b<never>('practice'), organisationId: b<never>('far') };
  it('moves an organisation between the lists, one list at a time, idempotently', () => {
    spec
      .given([])
      .when({ type: 'AllowOrganisation', data: entry })
      .then([{ type: 'OrganisationAllowed', data: entry }]);
    spec
      .given([{ type: 'OrganisationAllowed', data: entry }])
      .when({ type: 'AllowOrganisation', data: entry })
      .then([]);
    spec
      .given([{ type: 'OrganisationAllowed', data: entry }])
      .when({ type: 'ProhibitOrganisation', data: entry })
      .then([{ type: 'OrganisationProhibited', data: entry }]);
    spec
      .given([{ type: 'OrganisationProhibited', data: entry }])
      .when({ type: 'RemoveFromLists', data: entry })
      .then([{ type: 'OrganisationListEntryRemoved', data: entry }]);
    spec.given([]).when({ type: 'RemoveFromLists', data: entry }).then([]);
  });
});
