import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import type { AccessDecision } from '../../access/policy/decision.js';
import { streams } from '../../shared/streams.js';
import { execute, idOf, run, type Executed } from './trustCommands.js';
import { count, TrustViolation, type TrustStats } from './trustStats.js';
import { checkTold } from './trustTold.js';
import {
  applyToModel,
  describeModel,
  initialModel,
  modelDecision,
  type TrustModel,
} from './trustModel.js';
import { steps as stepsArbitrary } from './trustEpisodes.js';
import type { Step } from './trustSteps.js';
import {
  actorKind,
  contextOf,
  ORG_KEYS,
  PATIENTS,
  PATIENT_KEYS,
  trustWorld,
  type ActorKey,
  type PatientKey,
  type TrustWorld,
} from './trustWorld.js';

/**
 * The trust property (issue 18, "Show"): run a random sequence of commands by actors of every
 * kind through the real facade and, after every step, for every patient and organisation:
 * - a permit rests on a ground the shadow model (trustModel.ts) holds to be legitimate;
 * - a refused command (`NotPermitted`) changed no consent state and left a trace in
 *   `refusedCommands`; no failed command changed the patient's sharing.
 */

/** Commands that run on the patient's consent stream: a refusal of any of them is traced. */
const TRACED: ReadonlySet<string> = new Set([
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
const snapshot = async (w: TrustWorld) => {
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
type Snapshot = Awaited<ReturnType<typeof snapshot>>;
const refusalsOf = async (w: TrustWorld, p: PatientKey) => {
  const read = await run(w.consentry.refusedCommands({ patientId: p }));
  if (E.isLeft(read)) throw new Error(`refusedCommands failed: ${JSON.stringify(read.left)}`);
  return read.right as readonly { command: string; actor: unknown }[];
};

const show = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

/** Every permit must rest on a ground the model holds legitimate. */
const checkPermits = async (
  w: TrustWorld,
  model: TrustModel,
  log: readonly string[],
  seen: Set<string>,
  stats: TrustStats,
): Promise<void> => {
  const now = w.clock.now().getTime();
  for (const p of PATIENT_KEYS) {
    for (const o of ORG_KEYS) {
      const checked = await run(
        w.consentry.checkAccess({ patientId: p, organisationId: idOf(o), purpose: 'TREAT' }),
      );
      if (E.isLeft(checked)) throw new TrustViolation(`checkAccess failed: ${show(checked.left)}`);
      const decision = checked.right as AccessDecision;
      if (decision.outcome !== 'permit') continue;
      const key = `${p}/${o}/${decision.basis}`;
      if (!seen.has(key)) {
        seen.add(key);
        count(stats.permits, decision.basis);
      }
      const expected = modelDecision(model, p, o, now);
      const grounded =
        decision.basis === 'registered-practice'
          ? o === PATIENTS[p].practice
          : decision.basis === 'emergency'
            ? expected === 'permit:emergency'
            : expected.startsWith('permit:');
      if (!grounded)
        throw new TrustViolation(
          [
            `${o} (${idOf(o)}) reached permit ${decision.basis} for ${p} without a legitimate ground`,
            `  the model's decision on legitimate grounds only: ${expected}`,
            `  the model: ${describeModel(model, p, now)}`,
            `  core's trail: ${decision.trail.map((s) => `${s.rule} ${s.result}: ${s.note}`).join(' | ')}`,
            '  steps:',
            ...log.map((line) => `    ${line}`),
          ].join('\n'),
        );
    }
  }
};

/** A command that failed must have changed nothing; a refused one must have left a trace. */
const checkFailure = async (
  w: TrustWorld,
  step: Step,
  executed: Executed,
  before: Snapshot,
  refusalsBefore: number | undefined,
  log: readonly string[],
  stats: TrustStats,
): Promise<void> => {
  const error = (executed.result as E.Left<{ _tag: string }>).left;
  const after = await snapshot(w);
  // A wrong code is recorded on the consent stream by design; a refusal never is.
  const compared = error._tag === 'NotPermitted' ? [before, after] : [before.state, after.state];
  if (!isDeepStrictEqual(compared[0], compared[1]))
    throw new TrustViolation(
      `${executed.name} failed with ${error._tag} but changed consent state:\n  before ${show(before)}\n  after  ${show(after)}\n  steps:\n${log.map((l) => `    ${l}`).join('\n')}`,
    );
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
  const refusals = await refusalsOf(w, executed.patient);
  const last = refusals.at(-1);
  const actor = contextOf((step as { as: ActorKey }).as).actor;
  if (
    refusals.length !== refusalsBefore + 1 ||
    last?.command !== executed.name ||
    !isDeepStrictEqual(last.actor, actor)
  )
    throw new TrustViolation(
      `${executed.name} was refused but left no trace: ${show(refusals.slice(refusalsBefore))}\n  steps:\n${log.map((l) => `    ${l}`).join('\n')}`,
    );
};

const describeStep = (step: Step, executed?: Executed): string => {
  const { do: name, ...rest } = step;
  const outcome =
    executed === undefined
      ? ''
      : E.isRight(executed.result)
        ? ' -> ok'
        : ` -> ${executed.result.left._tag}${typeof executed.result.left['message'] === 'string' ? ` (${executed.result.left['message']})` : ''}`;
  return `${name} ${show(rest)}${outcome}`;
};

/** Runs one sequence, checking the property after every step; throws a TrustViolation if it fails. */
export const runSequence = async (sequence: readonly Step[], stats: TrustStats): Promise<void> => {
  const w = await trustWorld();
  const model = initialModel();
  const log: string[] = [];
  const seen = new Set<string>();
  stats.runs += 1;
  await checkPermits(w, model, log, seen, stats);
  for (const step of sequence) {
    stats.steps += 1;
    if (step.do === 'wait') {
      w.clock.advance(step.seconds * 1000);
      log.push(describeStep(step));
      await checkPermits(w, model, log, seen, stats);
      continue;
    }
    const before = await snapshot(w);
    const patient = 'patient' in step ? step.patient : undefined;
    const refusalsBefore =
      patient === undefined ? undefined : (await refusalsOf(w, patient)).length;
    const now = w.clock.now().getTime();
    count(stats.actors, actorKind(step.as));
    const sentBefore = w.notifier.sent().length;
    const executed = await execute(w, step);
    log.push(describeStep(step, executed));
    if (E.isRight(executed.result)) {
      count(stats.succeeded, executed.name);
      if (executed.applied !== undefined) applyToModel(model, step.as, executed.applied, now);
      await checkTold(w, step, executed, sentBefore, log, stats);
    } else {
      const refusals = executed.patient === patient ? refusalsBefore : undefined;
      await checkFailure(w, step, executed, before, refusals, log, stats);
    }
    await checkPermits(w, model, log, seen, stats);
  }
};

export { emptyStats, TrustViolation, type TrustStats } from './trustStats.js';

export const trustProperty = (
  stats: TrustStats,
  options: { minLength?: number; maxLength?: number } = {},
) => fc.asyncProperty(stepsArbitrary(options), (sequence) => runSequence(sequence, stats));
