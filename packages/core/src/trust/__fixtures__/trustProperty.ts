import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { appendedBy, execute, type Executed } from './trustCommands.js';
import { streams } from '../../shared/streams.js';
import { steps as stepsArbitrary } from './trustEpisodes.js';
import { checkFailure, refusalsOf, show, snapshot, stepsLog } from './trustFailure.js';
import { applyToModel, initialModel, type TrustModel } from './trustModel.js';
import { checkPermits, countPermits, permitsNow, ungrounded } from './trustPermits.js';
import { count, TrustViolation, type TrustStats } from './trustStats.js';
import type { ActorStep, Step } from './trustSteps.js';
import { checkTable, initialTable, type TableState } from './trustDirectory.js';
import { checkTold } from './trustTold.js';
import {
  actorKind,
  PATIENT_KEYS,
  trustWorld,
  type PatientKey,
  type TrustWorld,
} from './trustWorld.js';

/**
 * The trust property (issue 18, "Show"): run a random sequence of commands by actors of every
 * kind through the real facade and, after every step, for every patient and organisation:
 * - a permit rests on a ground the shadow model (trustModel.ts) holds to be legitimate;
 * - a refused command (`NotPermitted`) changed no consent state and left a trace in
 *   `refusedCommands`; no failed command changed the patient's sharing;
 * - a consent that opened the record told the patient.
 * Two commands sent at once through two hosts must be explained by one order or the other.
 */
export { emptyStats, TrustViolation, type TrustStats } from './trustStats.js';

const describeStep = (step: Step, executed?: Executed): string => {
  const { do: name, ...rest } = step;
  if (executed === undefined) return `${name} ${show(rest)}`;
  const { result } = executed;
  const message = E.isLeft(result) ? result.left['message'] : undefined;
  const outcome = E.isRight(result)
    ? 'ok'
    : `${result.left._tag}${typeof message === 'string' ? ` (${message})` : ''}`;
  return `${name} ${show(rest)} -> ${outcome}`;
};

const refusalCounts = async (w: TrustWorld) => {
  const counts = new Map<PatientKey, number>();
  for (const p of PATIENT_KEYS) counts.set(p, (await refusalsOf(w, p)).length);
  return counts;
};

interface Run {
  readonly w: TrustWorld;
  model: TrustModel;
  readonly table: TableState;
  readonly log: string[];
  readonly seen: Set<string>;
  readonly stats: TrustStats;
}

/** One command, alone: checked against the state just before it. */
const runOne = async (r: Run, step: ActorStep): Promise<void> => {
  const { w, stats } = r;
  const before = await snapshot(w);
  const refusals = await refusalCounts(w);
  const now = w.clock.now().getTime();
  const sentBefore = w.notifier.sent().length;
  count(stats.actors, actorKind(step.as));
  const executed = await execute(w, step);
  r.log.push(describeStep(step, executed));
  if (E.isRight(executed.result)) {
    count(stats.succeeded, executed.name);
    checkTable(step, executed, r.table, r.log, true);
    // A command that appended nothing changed nothing (a yes recorded again, care already active).
    if (executed.applied !== undefined && appendedBy(executed) > 0)
      applyToModel(r.model, step.as, executed.applied, now);
  } else {
    const refusedBefore =
      executed.patient === undefined ? undefined : refusals.get(executed.patient);
    await checkFailure(w, step.as, executed, before, refusedBefore, r.log, stats);
  }
  const permitsBefore = r.table.permitsBefore;
  r.table.permitsBefore = await checkPermits(w, r.model, r.log, r.seen, stats);
  if (E.isRight(executed.result)) {
    const permits = { before: permitsBefore, after: r.table.permitsBefore };
    await checkTold(w, step, executed, sentBefore, permits, r.log, stats);
  }
};

/**
 * The orders the two commands may have taken: the one the patient's consent stream shows when
 * both appended to it, else either.
 */
const ordersOf = async (
  w: TrustWorld,
  done: readonly Executed[],
): Promise<readonly (readonly [0 | 1, 0 | 1])[]> => {
  const either = [
    [0, 1],
    [1, 0],
  ] as const;
  const [a, b] = done;
  if (a?.patient === undefined || a.patient !== b?.patient) return either;
  const read = await w.eventStore.readStream(streams.consent(a.patient))();
  if (E.isLeft(read)) return either;
  const at = (e: Executed) =>
    read.right.events.find((event) => event.metadata.correlationId === e.correlationId)
      ?.streamPosition;
  const [first, second] = [at(a), at(b)];
  if (first === undefined || second === undefined) return either;
  return [first < second ? either[0] : either[1]];
};

/**
 * Two commands at once, the second through the other host: core must end in a state that one
 * order of the two explains. The model takes whichever order grounds every permit.
 */
const runTogether = async (r: Run, steps: readonly [ActorStep, ActorStep]): Promise<void> => {
  const { w, stats } = r;
  const refusals = await refusalCounts(w);
  const now = w.clock.now().getTime();
  const sentBefore = w.notifier.sent().length;
  for (const s of steps) count(stats.actors, actorKind(s.as));
  const [a, b] = steps;
  const done = await Promise.all([execute(w, a), execute({ ...w, consentry: w.other }, b)]);
  r.log.push(`together: ${describeStep(a, done[0])} || ${describeStep(b, done[1])}`);
  count(stats.succeeded, 'together');
  for (const [i, executed] of done.entries()) {
    const s = steps[i]!;
    if (E.isRight(executed.result)) {
      count(stats.succeeded, executed.name);
      checkTable(s, executed, r.table, r.log, false);
      await checkTold(w, s, executed, sentBefore, {}, r.log, stats);
    } else {
      const before = executed.patient === undefined ? undefined : refusals.get(executed.patient);
      await checkFailure(w, s.as, executed, undefined, before, r.log, stats);
    }
  }
  const permits = await permitsNow(w);
  countPermits(permits, r.seen, stats);
  r.table.permitsBefore = permits;
  const reasons: string[] = [];
  for (const order of await ordersOf(w, done)) {
    const model = structuredClone(r.model);
    for (const i of order) {
      const { applied, result } = done[i];
      if (E.isRight(result) && applied !== undefined && appendedBy(done[i]) > 0)
        applyToModel(model, steps[i].as, applied, now);
    }
    const why = ungrounded(permits, model, w.clock.now().getTime());
    if (why === undefined) {
      r.model = model;
      return;
    }
    reasons.push(`in the order ${order.join(', ')}: ${why}`);
  }
  throw new TrustViolation(`${reasons.join('\n')}\n${stepsLog(r.log)}`);
};

/** Runs one sequence, checking the property after every step; throws a TrustViolation if it fails. */
export const runSequence = async (sequence: readonly Step[], stats: TrustStats): Promise<void> => {
  const r: Run = {
    w: await trustWorld(),
    model: initialModel(),
    table: initialTable(),
    log: [],
    seen: new Set(),
    stats,
  };
  stats.runs += 1;
  r.table.permitsBefore = await checkPermits(r.w, r.model, r.log, r.seen, stats);
  for (const step of sequence) {
    stats.steps += 1;
    if (step.do === 'wait') {
      r.w.clock.advance(step.seconds * 1000);
      r.log.push(describeStep(step));
      r.table.permitsBefore = await checkPermits(r.w, r.model, r.log, r.seen, stats);
    } else if (step.do === 'together') await runTogether(r, step.steps);
    else await runOne(r, step);
  }
};

export const trustProperty = (
  stats: TrustStats,
  options: { minLength?: number; maxLength?: number } = {},
) => fc.asyncProperty(stepsArbitrary(options), (sequence) => runSequence(sequence, stats));
