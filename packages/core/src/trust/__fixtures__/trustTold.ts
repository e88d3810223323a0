import * as E from 'fp-ts/lib/Either.js';
import { appendedBy, run, type Executed } from './trustExecuted.js';
import { count, TrustViolation, type TrustStats } from './trustStats.js';
import type { ActorStep } from './trustSteps.js';
import { orgName, type ActorKey, type OrgKey, type TrustWorld } from './trustWorld.js';

/** A yes that opens the record for one organisation: what the patient must be told of. */
const yesRecorded = (as: ActorKey, executed: Executed): OrgKey | undefined => {
  const change = executed.applied;
  if (change === undefined || appendedBy(executed) === 0) return;
  if (change.do === 'sharingIn') return change.answer === 'consent' ? change.org : undefined;
  if (change.do !== 'setSharingPreference' || change.org === undefined) return;
  // The patient's own allow needs no message; anyone else's does.
  return change.entry.preference === 'allow' && as !== `patient:${change.patient}`
    ? change.org
    : undefined;
};

/** "X can now see your record": every consent that opens it tells the patient, whatever the route. */
export const checkTold = async (
  w: TrustWorld,
  step: ActorStep,
  executed: Executed,
  sentBefore: number,
  log: readonly string[],
  stats: TrustStats,
): Promise<void> => {
  const org = yesRecorded(step.as, executed);
  if (org === undefined || executed.patient === undefined) return;
  const details = await run(w.consentry.patient({ patientId: executed.patient }));
  const { mobile, email } = E.isRight(details)
    ? (details.right as { mobile?: string; email?: string })
    : {};
  if (mobile === undefined && email === undefined) return;
  const told = w.notifier
    .sent()
    .slice(sentBefore)
    .some(
      (m) =>
        m.kind === 'sharing-consent-recorded' &&
        (m.to === mobile || m.to === email) &&
        m.personalisation['organisation'] === orgName(org),
    );
  count(stats.told, told ? 'told' : 'not told');
  if (!told)
    throw new TrustViolation(
      `${executed.name} opened the record to ${org} and ${executed.patient} was not told\n  steps:\n${log.map((l) => `    ${l}`).join('\n')}`,
    );
};
