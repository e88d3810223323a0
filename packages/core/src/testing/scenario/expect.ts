import * as t from 'io-ts';
import { Count } from './primitives.js';
import { strictType } from '../../shared/strictType.js';
import { DenyReason, Outcome, PermitBasis as Basis } from '../../consentRecord/access/codecs.js';

// The decision's outcome, basis and reason are the domain's own codecs: a scenario file can
// name whatever the rules can decide, and nothing else.
export { Basis, DenyReason, Outcome };

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
