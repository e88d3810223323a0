import * as t from 'io-ts';

/** The kinds of organisation a scenario declares or registers. */
export const OrganisationKind = t.keyof({
  'gp-practice': null,
  hospital: null,
  'urgent-care': null,
  community: null,
  physiotherapy: null,
  'social-care': null,
  pharmacy: null,
  other: null,
});
