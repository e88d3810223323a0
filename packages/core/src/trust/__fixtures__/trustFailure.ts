import * as E from 'fp-ts/lib/Either.js';
import { isDeepStrictEqual } from 'node:util';
import { streams } from '../../shared/streams.js';
import { idOf, run, type Executed } from './trustExecuted.js';
import { count, TrustViolation, type TrustStats } from './trustStats.js';
import {
  contextOf,
  PATIENT_KEYS,
  type ActorKey,
  type PatientKey,
  type TrustWorld,
} from './trustWorld.js';

/**
 * What a failed command must leave behind: nothing changed (no consent state, no event on the
 * patient's consent stream for a refusal), and, for a refusal, a trace in `refusedCommands`.
 */
/** Commands that run on the patient's consent stream: a refusal of any of them is traced. */
export const TRACED: ReadonlySet<string> = new Set([
  'setSharingPreference',
  'clearSharingPreference',
  'recordInPersonAnswer',
  'recordSharingOutConsent',
  'withdrawConsent',
  'startCare',
  'referCare',
  'endCare',
  'requestAccess',
  'enterCode',
  'resendCode',
  'approveOnline',
  'refuseOnline',
  'viewRecord',
]);

/** Everything a failed command must leave as it was, for both patients and practices. */
export const snapshot = async (w: TrustWorld) => {
  const state: unknown[] = [];
  const streamLengths: unknown[] = [];
  for (const p of PATIENT_KEYS) {
    state.push(await run(w.consentry.sharingSummary({ patientId: p })));
    state.push(await run(w.consentry.patient({ patientId: p })));
    const read = await w.eventStore.readStream(streams.consent(p))();
    streamLengths.push(E.isRight(read) ? read.right.events.length : read);
  }
  for (const practice of ['practice', 'otherPractice'] as const)
    state.push(await run(w.consentry.practiceLists({ organisationId: idOf(practice) })));
  return { state, streamLengths };
};
export type Snapshot = Awaited<ReturnType<typeof snapshot>>;
export const refusalsOf = async (w: TrustWorld, p: PatientKey) => {
  const read = await run(w.consentry.refusedCommands({ patientId: p }));
  if (E.isLeft(read)) throw new Error(`refusedCommands failed: ${JSON.stringify(read.left)}`);
  return read.right as readonly { command: string; actor: unknown }[];
};

export const show = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

export const stepsLog = (log: readonly string[]): string =>
  `  steps:\n${log.map((line) => `    ${line}`).join('\n')}`;

/** A command that failed must have changed nothing; a refused one must have left a trace. */
export const checkFailure = async (
  w: TrustWorld,
  as: ActorKey,
  executed: Executed,
  before: Snapshot | undefined,
  refusalsBefore: number | undefined,
  log: readonly string[],
  stats: TrustStats,
): Promise<void> => {
  const error = (executed.result as E.Left<{ _tag: string }>).left;
  // Unknown when another command ran at the same time: only the trace is checked then.
  if (before !== undefined) {
    const after = await snapshot(w);
    // A wrong code is recorded on the consent stream by design; a refusal never is.
    const compared = error._tag === 'NotPermitted' ? [before, after] : [before.state, after.state];
    if (!isDeepStrictEqual(compared[0], compared[1]))
      throw new TrustViolation(
        `${executed.name} failed with ${error._tag} but changed consent state:\n  before ${show(before)}\n  after  ${show(after)}\n${stepsLog(log)}`,
      );
  }
  if (error._tag !== 'NotPermitted') return;
  count(stats.refused, executed.name);
  if (
    !TRACED.has(executed.name) ||
    executed.patient === undefined ||
    refusalsBefore === undefined
  ) {
    count(stats.refusedUntraced, executed.name);
    return;
  }
  const actor = contextOf(as).actor;
  const traced = (await refusalsOf(w, executed.patient))
    .slice(refusalsBefore)
    .some((r) => r.command === executed.name && isDeepStrictEqual(r.actor, actor));
  if (!traced)
    throw new TrustViolation(`${executed.name} was refused but left no trace\n${stepsLog(log)}`);
};
