import * as TE from 'fp-ts/lib/TaskEither.js';
import type { Step } from '../steps.js';
import { actor, asPatient, asPracticeOf, asSystem } from './actors.js';
import { nothing, type Run } from './performed.js';
import type { World } from './world.js';

/** The steps of notices that consents ended (docs/scenarios.md, "Consent that ends"). */
export type NoticeStep = Extract<Step, { verb: 'endNotices' | 'runMaintenance' }>;

export const performNoticeStep = (world: World, step: NoticeStep): Run => {
  const c = world.consentry;
  if (step.verb === 'runMaintenance')
    // The host's daily sweep; `noticed` counts what this run recorded.
    return TE.map(
      (report: { readonly consentEndsNoticed: number; readonly proxyEndsNoticed: number }) => ({
        noticed: report.consentEndsNoticed + report.proxyEndsNoticed,
      }),
    )(
      c.runMaintenance(
        {},
        actor(world, step, () => asSystem),
      ),
    );
  const { patient, tell, by } = step.args;
  return nothing(
    c.chooseEndNotices(
      { patientId: patient, tell: tell ?? true },
      actor(world, step, () =>
        by === 'practice' ? asPracticeOf(world, patient) : asPatient(patient),
      ),
    ),
  );
};
