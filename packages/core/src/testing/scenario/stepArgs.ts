import * as t from 'io-ts';
import { DurationFromString, InstantFromString, type Duration } from './duration.js';
import { Id, QuotedDigits } from './primitives.js';
import { OrganisationKind } from './organisationKind.js';
import { strictType } from '../../shared/strictType.js';

export const Preference = t.keyof({ allow: null, deny: null, 'require-verification': null });
export const SetBy = t.keyof({ patient: null, practice: null, organisation: null });
export const Purpose = t.keyof({ TREAT: null, ETREAT: null });
export const Answer = t.keyof({ consent: null, dissent: null });
const Channel = t.keyof({ sms: null, email: null });
export const AlertKind = t.keyof({
  'emergency-access': null,
  'self-claimed-relationship': null,
  'repeated-refusals': null,
  'practice-changed': null,
});
export const ReviewOutcome = t.keyof({ appropriate: null, inappropriate: null });

/** A preference's expiry: a time, or a duration counted from the step (`until: 5d`). */
export type Expiry =
  { readonly kind: 'at'; readonly at: Date } | { readonly kind: 'after'; readonly after: Duration };

export const ExpiryCodec = new t.Type<Expiry, string, unknown>(
  'an ISO-8601 time or a duration such as 5d',
  (u): u is Expiry => typeof u === 'object' && u !== null && 'kind' in u,
  (u, c) => {
    const asDuration = DurationFromString.decode(u);
    if (asDuration._tag === 'Right') return t.success({ kind: 'after', after: asDuration.right });
    const asInstant = InstantFromString.decode(u);
    return asInstant._tag === 'Right'
      ? t.success({ kind: 'at', at: asInstant.right })
      : t.failure(u, c);
  },
  (e) => (e.kind === 'at' ? e.at.toISOString() : e.after.text),
);

const pair = { patient: Id, organisation: Id };
// Proxies (docs/scenarios.md, "Proxies"): `as: <proxy>` inside a patient-side verb's map.
const ProxyRelationship = t.keyof({
  parent: null,
  carer: null,
  'lasting-power-of-attorney': null,
  'court-appointed-deputy': null,
});
const ProxyScope = t.keyof({
  'manage-sharing': null,
  'receive-codes': null,
  'see-access-history': null,
});
const ByPracticeOrPatient = t.keyof({ practice: null, patient: null });
const proxyActs = { as: Id };
const lists = { practice: Id, organisation: Id };

/** The arguments of every step verb (docs/scenarios.md). */
export const stepArgs = {
  recordContact: strictType(
    'recordContact',
    { patient: Id },
    { mobile: t.string, email: t.string, preferred: Channel, ...proxyActs },
  ),
  enrolPortal: strictType('enrolPortal', { patient: Id }, {}),
  setPreference: strictType(
    'setPreference',
    { patient: Id, preference: Preference, by: SetBy },
    { organisation: Id, until: ExpiryCodec, ...proxyActs },
  ),
  clearPreference: strictType(
    'clearPreference',
    { patient: Id },
    { organisation: Id, ...proxyActs },
  ),
  allowOrganisation: strictType('allowOrganisation', lists, {}),
  prohibitOrganisation: strictType('prohibitOrganisation', lists, {}),
  removeFromLists: strictType('removeFromLists', lists, {}),
  startCare: strictType('startCare', pair, { selfClaimed: t.boolean, reason: t.string }),
  referCare: strictType('referCare', { patient: Id, from: Id, to: Id }, { reason: t.string }),
  endCare: strictType('endCare', pair, {}),
  requestAccess: strictType('requestAccess', pair, { purpose: Purpose, justification: t.string }),
  enterCode: strictType('enterCode', { ...pair, code: t.string }, { until: ExpiryCodec }),
  resendCode: strictType('resendCode', pair, {}),
  approveOnline: strictType('approveOnline', pair, { until: ExpiryCodec, ...proxyActs }),
  refuseOnline: strictType('refuseOnline', pair, proxyActs),
  recordInPerson: strictType('recordInPerson', { ...pair, answer: Answer }, { until: ExpiryCodec }),
  withdrawConsent: strictType('withdrawConsent', pair, proxyActs),
  viewRecord: strictType('viewRecord', pair, {}),
  check: strictType('check', pair, { purpose: Purpose }),
  reviewAlert: strictType(
    'reviewAlert',
    { outcome: ReviewOutcome },
    { patient: Id, organisation: Id, kind: AlertKind, notes: t.string },
  ),
  registerPatient: strictType(
    'registerPatient',
    { patient: Id, nhsNumber: QuotedDigits, homeArea: Id, practice: Id },
    { name: t.string, dateOfBirth: t.string },
  ),
  registerOrganisation: strictType(
    'registerOrganisation',
    { organisation: Id, kind: OrganisationKind, area: Id },
    { name: t.string, odsCode: t.string },
  ),
  closeOrganisation: strictType('closeOrganisation', { organisation: Id }, {}),
  wait: DurationFromString,
  addProxy: strictType(
    'addProxy',
    { patient: Id, proxy: Id, relationship: ProxyRelationship },
    {
      scope: t.readonlyArray(ProxyScope),
      until: ExpiryCodec,
      mobile: t.string,
      email: t.string,
      evidence: t.string,
      by: ByPracticeOrPatient,
    },
  ),
  removeProxy: strictType('removeProxy', { patient: Id, proxy: Id }, { by: ByPracticeOrPatient }),
  codesTo: strictType(
    'codesTo',
    { patient: Id, to: t.keyof({ patient: null, proxy: null, both: null }) },
    { proxy: Id, by: ByPracticeOrPatient, ...proxyActs },
  ),
  lacksCapacity: strictType('lacksCapacity', { patient: Id }, { lacks: t.boolean }),
  // The record as shared (docs/record-as-shared.md): entries live in the scenario's world.
  recordEntry: strictType('recordEntry', pair, { label: t.string }),
  shareOut: strictType('shareOut', { ...pair, answer: Answer }, {}),
  consentToLabel: strictType('consentToLabel', { ...pair, label: t.string }, {}),
  movePatient: strictType('movePatient', { patient: Id, homeArea: Id }, {}),
  changePractice: strictType('changePractice', { patient: Id, practice: Id }, {}),
  deregister: strictType('deregister', { patient: Id }, {}),
  recordDeath: strictType('recordDeath', { patient: Id }, {}),
  // Notices that consents ended (docs/scenarios.md, "Consent that ends").
  endNotices: strictType(
    'endNotices',
    { patient: Id },
    { tell: t.boolean, by: ByPracticeOrPatient, ...proxyActs },
  ),
  runMaintenance: strictType('runMaintenance', {}, {}),
} as const;

export type Verb = keyof typeof stepArgs;
export type StepArgs = { readonly [V in Verb]: t.TypeOf<(typeof stepArgs)[V]> };
