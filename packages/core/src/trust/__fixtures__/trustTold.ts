import * as E from 'fp-ts/lib/Either.js';
import { appendedBy, run, type Executed } from './trustExecuted.js';
import { stepsLog } from './trustFailure.js';
import type { Permit } from './trustPermits.js';
import { count, TrustViolation, type TrustStats } from './trustStats.js';
import type { ActorStep } from './trustSteps.js';
import {
  orgName,
  type ActorKey,
  type OrgKey,
  type PatientKey,
  type TrustWorld,
} from './trustWorld.js';

/**
 * "X can now see your record": every consent that opens the record tells the patient, whatever
 * the route (docs/notifications.md). The patient's own `allow` is the one yes they need not be
 * told of.
 */
const yesRecorded = (as: ActorKey, executed: Executed): boolean => {
  const change = executed.applied;
  if (change === undefined || appendedBy(executed) === 0) return false;
  if (change.do === 'sharingIn') return change.answer === 'consent';
  return (
    change.do === 'setSharingPreference' &&
    change.entry.preference === 'allow' &&
    as !== `patient:${change.patient}`
  );
};

/** The organisations the yes names (one), and those it newly opened the record to (any). */
const organisationsToTell = (
  executed: Executed,
  patient: PatientKey,
  before: readonly Permit[] | undefined,
  after: readonly Permit[] | undefined,
): readonly OrgKey[] => {
  const change = executed.applied;
  const named =
    change !== undefined && 'org' in change && change.org !== undefined ? [change.org] : [];
  if (before === undefined || after === undefined) return named;
  const opened = after
    .filter((p) => p.patient === patient && p.decision.basis !== 'emergency')
    .filter((p) => !before.some((q) => q.patient === patient && q.org === p.org))
    .map((p) => p.org);
  return [...new Set([...named, ...opened])];
};

/**
 * Checks a successful command: if it recorded a yes, the patient (when they can be reached) was
 * told of the organisation it names and of every organisation it newly opened the record to.
 * `before`/`after`: the permits around the command, unknown when another ran at the same time.
 */
export const checkTold = async (
  w: TrustWorld,
  step: ActorStep,
  executed: Executed,
  sentBefore: number,
  permits: { readonly before?: readonly Permit[]; readonly after?: readonly Permit[] },
  log: readonly string[],
  stats: TrustStats,
): Promise<void> => {
  const patient = executed.patient;
  if (patient === undefined || !yesRecorded(step.as, executed)) return;
  const details = await run(w.consentry.patient({ patientId: patient }));
  const { mobile, email } = E.isRight(details)
    ? (details.right as { mobile?: string; email?: string })
    : {};
  if (mobile === undefined && email === undefined) return;
  const sent = w.notifier.sent().slice(sentBefore);
  for (const org of organisationsToTell(executed, patient, permits.before, permits.after)) {
    const told = sent.some(
      (m) =>
        m.kind === 'sharing-consent-recorded' &&
        (m.to === mobile || m.to === email) &&
        m.personalisation['organisation'] === orgName(org),
    );
    count(stats.told, told ? 'told' : 'not told');
    if (!told)
      throw new TrustViolation(
        `${executed.name} opened the record to ${org} and ${patient} was not told\n${stepsLog(log)}`,
      );
  }
};
