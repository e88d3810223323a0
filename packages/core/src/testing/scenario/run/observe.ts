import * as E from 'fp-ts/lib/Either.js';
import type { AccessDecision } from '../../../consentRecord/access/rules/decision.js';
import type { ConsentryError } from '../../../shared/errors.js';
import type { ExpectKey } from '../expect.js';
import type { Step } from '../steps.js';
import type { Performed } from './perform.js';
import type { FailedExpectation } from './results.js';
import { messagesTo, type World } from './world.js';

type Result = E.Either<ConsentryError, Performed>;

/** `permit (verified-code)`, `deny (patient-dissent)`, `verify (sms)`, `ask-patient`. */
export const describeDecision = (decision: AccessDecision, channel?: string): string => {
  switch (decision.outcome) {
    case 'permit':
      return `permit (${decision.basis})`;
    case 'deny':
      return `deny (${decision.reason})`;
    case 'verify':
      return channel === undefined ? 'verify' : `verify (${channel})`;
    case 'ask-patient':
      return 'ask-patient';
  }
};

/** The decision a refusal rested on (`NotPermitted` carrying it), if any. */
const refusedDecision = (error: ConsentryError): AccessDecision | undefined =>
  error._tag === 'NotPermitted' ? error.decision : undefined;

/** One line on what the step did, for the report. */
export const describeResult = (result: Result): string => {
  if (E.isLeft(result)) {
    const error = result.left;
    const decision = refusedDecision(error);
    if (decision !== undefined) return `rejected: ${error._tag} (${describeDecision(decision)})`;
    if (error._tag === 'Conflict' && error.existing !== undefined)
      return `rejected: Conflict (${error.existing})`;
    return error._tag === 'RateLimited'
      ? `rejected: RateLimited (${error.scope})`
      : `rejected: ${error._tag}`;
  }
  const { decision, channel } = result.right;
  if (decision !== undefined) return describeDecision(decision, channel);
  return channel === undefined ? 'done' : `sent by ${channel}`;
};

// The patient a count is about: the step's own, or the only patient of the file.
const patientOf = (world: World, step: Step): string | undefined => {
  if (typeof step.args === 'object' && 'patient' in step.args) return step.args.patient;
  const [only, ...others] = world.scenario.patients;
  return only !== undefined && others.length === 0 ? only.id : undefined;
};

type CountKey = 'notifications' | 'accessLog' | 'alerts' | 'refused';

const count = async (world: World, key: CountKey, patientId: string | undefined) => {
  if (key === 'alerts') {
    const open = await world.consentry.alerts({ status: 'open' })();
    return E.isLeft(open) ? `error ${open.left._tag}` : open.right.length;
  }
  if (patientId === undefined) return 'no patient named in this step (the file has several)';
  if (key === 'notifications') return messagesTo(world, patientId).length;
  if (key === 'refused') {
    const refused = await world.consentry.refusedCommands({ patientId })();
    return E.isLeft(refused) ? `error ${refused.left._tag}` : refused.right.length;
  }
  const history = await world.consentry.accessHistory({ patientId })();
  return E.isLeft(history) ? `error ${history.left._tag}` : history.right.entries.length;
};

const decisionOf = (
  { decision, channel }: Performed,
  key: 'outcome' | 'basis' | 'reason' | 'channel',
): string => {
  if (key === 'channel')
    return channel ?? (decision === undefined ? 'none' : describeDecision(decision));
  if (decision === undefined) return 'no decision';
  if (key === 'outcome') return decision.outcome;
  if (key === 'basis' && decision.outcome === 'permit') return decision.basis;
  if (key === 'reason' && decision.outcome === 'deny') return decision.reason;
  return describeDecision(decision, channel);
};

// A refusal carrying its decision answers outcome, basis and reason from that decision.
const decisionField = (result: Result, key: 'outcome' | 'basis' | 'reason' | 'channel'): string => {
  if (E.isLeft(result)) {
    const refused = refusedDecision(result.left);
    if (key === 'channel' || refused === undefined) return `rejected: ${result.left._tag}`;
    return decisionOf({ decision: refused }, key);
  }
  return decisionOf(result.right, key);
};

const actualOf = async (
  world: World,
  step: Step,
  result: Result,
  key: ExpectKey,
): Promise<string | number> => {
  switch (key) {
    case 'error':
      return E.isLeft(result) ? result.left._tag : 'none';
    case 'scope':
      return E.isLeft(result) && result.left._tag === 'RateLimited'
        ? result.left.scope
        : E.isLeft(result)
          ? `rejected: ${result.left._tag}`
          : 'no limit hit';
    case 'entriesVisible':
      return E.isRight(result) && result.right.entriesVisible !== undefined
        ? result.right.entriesVisible
        : 'no record view';
    case 'noticed':
      return E.isRight(result) && result.right.noticed !== undefined
        ? result.right.noticed
        : 'no maintenance run';
    case 'notifications':
    case 'accessLog':
    case 'alerts':
    case 'refused':
      return count(world, key, patientOf(world, step));
    default:
      return decisionField(result, key);
  }
};

/** Compares every expectation of the step with what happened; an unexpected rejection is a failure too. */
export const check = async (
  world: World,
  step: Step,
  result: Result,
): Promise<readonly FailedExpectation[]> => {
  const failures: FailedExpectation[] = [];
  if (E.isLeft(result) && step.expect.error === undefined)
    failures.push({
      key: 'error',
      expected: 'none',
      actual: `${result.left._tag} (${result.left.message})`,
    });
  for (const key of Object.keys(step.expect) as ExpectKey[]) {
    const expected = step.expect[key];
    if (expected === undefined) continue;
    const actual = await actualOf(world, step, result, key);
    if (actual !== expected)
      failures.push({ key, expected: String(expected), actual: String(actual) });
  }
  return failures;
};
