import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { AccessDecision } from '../../../consentRecord/access/rules/decision.js';
import type { ConsentryError } from '../../../shared/errors.js';
import type { StepArgs } from '../steps.js';
import type { FailedExpectation } from './results.js';
import { messagesTo, type World } from './world.js';

/** What a step led to, as far as its expectations can ask. */
export interface Performed {
  readonly decision?: AccessDecision;
  /** Where a code went (requestAccess, resendCode). */
  readonly channel?: string;
  /** How many of the patient's entries the organisation sees (viewRecord). */
  readonly entriesVisible?: number;
  /** How many endings a maintenance sweep recorded (runMaintenance). */
  readonly noticed?: number;
}

export const nothing = <A>(task: TE.TaskEither<ConsentryError, A>) =>
  TE.map((): Performed => ({}))(task);
export const decided = <A extends AccessDecision>(task: TE.TaskEither<ConsentryError, A>) =>
  TE.map((decision: A): Performed => ({ decision }))(task);

// viewRecord answers NotPermitted with the decision when the record may not be opened: that is
// an outcome the story states (`outcome: deny`), not a rejected command.
export const viewed = (
  task: TE.TaskEither<ConsentryError, { readonly decision: AccessDecision }>,
) =>
  pipe(
    task,
    TE.map(({ decision }): Performed => ({ decision })),
    TE.orElse((error) =>
      error._tag === 'NotPermitted' && error.decision !== undefined
        ? TE.right<ConsentryError, Performed>({ decision: error.decision })
        : TE.left(error),
    ),
  );

/** The code last sent to the patient, for `code: sent`. */
export const codeFor = (
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

// The channel of a verify: where the code went, or for a plain check where it would go first.
export const withChannel = (decision: AccessDecision): Performed =>
  decision.outcome === 'verify'
    ? {
        decision,
        ...(channelOf(decision) === undefined ? {} : { channel: channelOf(decision) as string }),
      }
    : { decision };

const channelOf = (decision: Extract<AccessDecision, { outcome: 'verify' }>): string | undefined =>
  decision.challenge?.channel ?? decision.channels[0];

/** A step's task, or the failure that kept it from being tried. */
export type Run = TE.TaskEither<ConsentryError, Performed> | FailedExpectation;
