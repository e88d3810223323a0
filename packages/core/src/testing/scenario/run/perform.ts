import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { AccessDecision } from '../../../access/policy/decision.js';
import type { ConsentryError } from '../../../shared/errors.js';
import type { Expiry, Step, StepArgs } from '../steps.js';
import { asPatient, asPracticeOf, asStaffOf, asSystem } from './actors.js';
import type { FailedExpectation } from './results.js';
import { messagesTo, type World } from './world.js';

/** What a step led to, as far as its expectations can ask. */
export interface Performed {
  readonly decision?: AccessDecision;
  /** Where a code went (requestAccess, resendCode). */
  readonly channel?: string;
}

const nothing = <A>(task: TE.TaskEither<ConsentryError, A>) => TE.map((): Performed => ({}))(task);
const decided = <A extends AccessDecision>(task: TE.TaskEither<ConsentryError, A>) =>
  TE.map((decision: A): Performed => ({ decision }))(task);

// viewRecord answers NotPermitted with the decision when the record may not be opened: that is
// an outcome the story states (`outcome: deny`), not a rejected command.
const viewed = (task: TE.TaskEither<ConsentryError, { readonly decision: AccessDecision }>) =>
  pipe(
    task,
    TE.map(({ decision }): Performed => ({ decision })),
    TE.orElse((error) =>
      error._tag === 'NotPermitted' && error.decision !== undefined
        ? TE.right<ConsentryError, Performed>({ decision: error.decision })
        : TE.left(error),
    ),
  );

const expiryAt = (world: World, until: Expiry | undefined): string | undefined =>
  until === undefined
    ? undefined
    : until.kind === 'at'
      ? until.at.toISOString()
      : new Date(world.clock.now().getTime() + until.after.ms).toISOString();

/** The code last sent to the patient, for `code: sent`. */
const codeFor = (
  world: World,
  args: StepArgs['enterCode'],
): E.Either<FailedExpectation, string> => {
  if (args.code !== 'sent') return E.right(args.code);
  const code = messagesTo(world, args.patient)
    .filter((m) => m.personalisation['code'] !== undefined)
    .at(-1)?.personalisation['code'];
  return code === undefined
    ? E.left({
        key: 'code',
        expected: `a code sent to ${args.patient}`,
        actual: 'no code sent yet',
      })
    : E.right(code);
};

const preference = (world: World, args: StepArgs['setPreference']) => {
  const by =
    args.by === 'patient'
      ? asPatient(args.patient)
      : args.by === 'practice'
        ? asPracticeOf(world.scenario, args.patient)
        : args.organisation === undefined
          ? asSystem
          : asStaffOf(world.scenario, args.organisation);
  const until = expiryAt(world, args.until);
  return nothing(
    world.consentry.setSharingPreference(
      {
        patientId: args.patient,
        preference: args.preference,
        setBy: args.by,
        ...(args.organisation === undefined ? {} : { organisationId: args.organisation }),
        ...(until === undefined ? {} : { until }),
      },
      by,
    ),
  );
};

const listCommand = (world: World, args: StepArgs['allowOrganisation']) => ({
  input: { practiceId: args.practice, organisationId: args.organisation },
  context: asStaffOf(world.scenario, args.practice),
});

type Run = TE.TaskEither<ConsentryError, Performed> | FailedExpectation;
type PatientStep = Extract<
  Step,
  { verb: 'wait' | 'recordContact' | 'enrolPortal' | 'setPreference' | 'clearPreference' }
>;
type ListStep = Extract<
  Step,
  { verb: 'allowOrganisation' | 'prohibitOrganisation' | 'removeFromLists' }
>;

/**
 * Runs one step against the facade: a task, or a failure when the step cannot even be
 * tried (`code: sent` before any code was sent). `wait` moves the clock and nothing else.
 */
export const perform = (world: World, step: Step): Run => {
  const c = world.consentry;
  switch (step.verb) {
    case 'wait':
      world.clock.advance(step.args.ms);
      return TE.right({});
    case 'recordContact': {
      const { patient, mobile, email, preferred } = step.args;
      const input = {
        patientId: patient,
        ...(mobile === undefined ? {} : { mobile }),
        ...(email === undefined ? {} : { email }),
        ...(preferred === undefined ? {} : { preferredChannel: preferred }),
      };
      return nothing(c.recordContactDetails(input, asPatient(patient)));
    }
    case 'enrolPortal':
      return nothing(c.enrolPortal({ patientId: step.args.patient }, asPatient(step.args.patient)));
    case 'setPreference':
      return preference(world, step.args);
    case 'clearPreference': {
      const { patient, organisation } = step.args;
      const input = {
        patientId: patient,
        ...(organisation === undefined ? {} : { organisationId: organisation }),
      };
      return nothing(c.clearSharingPreference(input, asPatient(patient)));
    }
    default:
      return performOnList(world, step);
  }
};

const performOnList = (world: World, step: Exclude<Step, PatientStep>): Run => {
  const c = world.consentry;
  switch (step.verb) {
    case 'allowOrganisation': {
      const { input, context } = listCommand(world, step.args);
      return nothing(c.allowOrganisation(input, context));
    }
    case 'prohibitOrganisation': {
      const { input, context } = listCommand(world, step.args);
      return nothing(c.prohibitOrganisation(input, context));
    }
    case 'removeFromLists': {
      const { input, context } = listCommand(world, step.args);
      return nothing(c.removeFromPracticeLists(input, context));
    }
    default:
      return performAtOrganisation(world, step);
  }
};

const performAtOrganisation = (world: World, step: Exclude<Step, PatientStep | ListStep>): Run => {
  const c = world.consentry;
  const pair = { patientId: step.args.patient, organisationId: step.args.organisation };
  const staff = asStaffOf(world.scenario, step.args.organisation);
  const patient = asPatient(step.args.patient);
  switch (step.verb) {
    case 'startCare': {
      const { selfClaimed } = step.args;
      return nothing(
        c.startCare({ ...pair, ...(selfClaimed === undefined ? {} : { selfClaimed }) }, staff),
      );
    }
    case 'endCare':
      return nothing(c.endCare(pair, staff));
    case 'requestAccess': {
      const { purpose, justification } = step.args;
      const input = {
        ...pair,
        ...(purpose === undefined ? {} : { purpose }),
        ...(justification === undefined ? {} : { justification }),
      };
      return pipe(
        c.requestAccess(input, staff),
        TE.map((decision): Performed => withChannel(decision)),
      );
    }
    case 'enterCode': {
      const code = codeFor(world, step.args);
      return E.isLeft(code)
        ? code.left
        : decided(c.enterCode({ ...pair, code: code.right }, staff));
    }
    case 'resendCode':
      return pipe(
        c.resendCode(pair, staff),
        TE.map((receipt): Performed => ({ channel: receipt.challenge.channel })),
      );
    case 'approveOnline':
      return decided(c.approveOnline(pair, patient));
    case 'refuseOnline':
      return decided(c.refuseOnline(pair, patient));
    case 'recordInPerson':
      return nothing(c.recordInPersonAnswer({ ...pair, answer: step.args.answer }, staff));
    case 'withdrawConsent':
      return nothing(c.withdrawConsent(pair, patient));
    case 'viewRecord':
      return viewed(c.viewRecord(pair, staff));
    case 'check': {
      const { purpose } = step.args;
      return pipe(
        c.checkAccess({ ...pair, ...(purpose === undefined ? {} : { purpose }) }),
        TE.map((decision): Performed => withChannel(decision)),
      );
    }
  }
};

// The channel of a verify: where the code went, or for a plain check where it would go first.
const withChannel = (decision: AccessDecision): Performed =>
  decision.outcome === 'verify'
    ? {
        decision,
        ...(channelOf(decision) === undefined ? {} : { channel: channelOf(decision) as string }),
      }
    : { decision };

const channelOf = (decision: Extract<AccessDecision, { outcome: 'verify' }>): string | undefined =>
  decision.challenge?.channel ?? decision.channels[0];
