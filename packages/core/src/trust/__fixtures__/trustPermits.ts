import * as E from 'fp-ts/lib/Either.js';
import type { AccessDecision } from '../../consentRecord/access/rules/decision.js';
import { idOf, run } from './trustExecuted.js';
import { stepsLog, show } from './trustFailure.js';
import { describeModel, modelDecision, type TrustModel } from './trustModel.js';
import { count, TrustViolation, type TrustStats } from './trustStats.js';
import {
  ORG_KEYS,
  PATIENTS,
  PATIENT_KEYS,
  type OrgKey,
  type PatientKey,
  type TrustWorld,
} from './trustWorld.js';

/** Every permit core gives now, for every patient and organisation (`checkAccess`, TREAT). */
export interface Permit {
  readonly patient: PatientKey;
  readonly org: OrgKey;
  readonly decision: Extract<AccessDecision, { outcome: 'permit' }>;
}

export const permitsNow = async (w: TrustWorld): Promise<readonly Permit[]> => {
  const permits: Permit[] = [];
  for (const patient of PATIENT_KEYS)
    for (const org of ORG_KEYS) {
      const checked = await run(
        w.consentry.checkAccess({
          patientId: patient,
          organisationId: idOf(org),
          purpose: 'TREAT',
        }),
      );
      if (E.isLeft(checked)) throw new TrustViolation(`checkAccess failed: ${show(checked.left)}`);
      const decision = checked.right as AccessDecision;
      if (decision.outcome === 'permit') permits.push({ patient, org, decision });
    }
  return permits;
};

/** Why a permit does not rest on a ground the model holds legitimate; undefined if it does. */
export const ungrounded = (
  permits: readonly Permit[],
  model: TrustModel,
  now: number,
): string | undefined => {
  for (const { patient: p, org: o, decision } of permits) {
    const expected = modelDecision(model, p, o, now);
    const grounded =
      decision.basis === 'registered-practice'
        ? o === PATIENTS[p].practice
        : decision.basis === 'emergency'
          ? expected === 'permit:emergency'
          : expected.startsWith('permit:');
    if (!grounded)
      return [
        `${o} (${idOf(o)}) reached permit ${decision.basis} for ${p} without a legitimate ground`,
        `  the model's decision on legitimate grounds only: ${expected}`,
        `  the model: ${describeModel(model, p, now)}`,
        `  core's trail: ${decision.trail.map((s) => `${s.rule} ${s.result}: ${s.note}`).join(' | ')}`,
      ].join('\n');
  }
  return undefined;
};

/** Counts each patient × organisation × basis once per run, to show what the runs reached. */
export const countPermits = (
  permits: readonly Permit[],
  seen: Set<string>,
  stats: TrustStats,
): void => {
  for (const { patient, org, decision } of permits) {
    const key = `${patient}/${org}/${decision.basis}`;
    if (seen.has(key)) continue;
    seen.add(key);
    count(stats.permits, decision.basis);
  }
};

/** Every permit must rest on a ground the model holds legitimate. */
export const checkPermits = async (
  w: TrustWorld,
  model: TrustModel,
  log: readonly string[],
  seen: Set<string>,
  stats: TrustStats,
): Promise<readonly Permit[]> => {
  const permits = await permitsNow(w);
  countPermits(permits, seen, stats);
  const why = ungrounded(permits, model, w.clock.now().getTime());
  if (why !== undefined) throw new TrustViolation(`${why}\n${stepsLog(log)}`);
  return permits;
};
