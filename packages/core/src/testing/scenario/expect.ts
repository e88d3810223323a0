import * as t from 'io-ts';
import { Count } from './primitives.js';
import { strictType } from '../../shared/strictType.js';

export const Outcome = t.keyof({ permit: null, deny: null, verify: null, 'ask-patient': null });

/** Why access was permitted (docs/domain.md). */
export const Basis = t.keyof({
  'registered-practice': null,
  emergency: null,
  'patient-consent': null,
  'sharing-in-consent': null,
  'verified-code': null,
  'approved-online': null,
});

/** Why access was denied (docs/domain.md). */
export const DenyReason = t.keyof({
  'unknown-organisation': null,
  'unknown-patient': null,
  'no-care-relationship': null,
  'organisation-prohibited': null,
  'patient-dissent': null,
  'no-verification-channel': null,
  'record-closed': null,
});

export const ExpectedChannel = t.keyof({ sms: null, email: null, portal: null });

/** The tag of a rejected command (docs/scenarios.md). */
export const ErrorTag = t.keyof({
  InvalidInput: null,
  CodeRejected: null,
  ChallengeLocked: null,
  ChallengeExpired: null,
  ChallengeNotFound: null,
  RateLimited: null,
  UnknownPatient: null,
  UnknownOrganisation: null,
  NotPermitted: null,
  Conflict: null,
});
export type ErrorTag = t.TypeOf<typeof ErrorTag>;

/** Which limit a `RateLimited` answer hit (docs/scenarios.md). */
export const LimitScope = t.keyof({
  patient: null,
  'patient-organisation': null,
  'patient-messages': null,
  'challenge-resends': null,
});

/** What a step should lead to; every key optional, only the given ones are checked. */
export const Expect = strictType(
  'expect',
  {},
  {
    outcome: Outcome,
    basis: Basis,
    reason: DenyReason,
    channel: ExpectedChannel,
    error: ErrorTag,
    scope: LimitScope,
    notifications: Count,
    accessLog: Count,
    alerts: Count,
    refused: Count,
    entriesVisible: Count,
    noticed: Count,
  },
);
export type Expect = t.TypeOf<typeof Expect>;
export type ExpectKey = keyof Expect;
