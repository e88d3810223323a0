import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';
import { patientsWithEndings, type EndingsState } from '../../projections/endingsDue.js';
import { decideConsentRecord } from '../../consentRecord/decide.js';
import type { ConsentRecordEvent } from '../../consentRecord/state.js';
import type {
  ChooseEndNoticesInput,
  EndNoticesView,
  MaintenanceReport,
  RunMaintenanceInput,
} from '../../consentRecord/endNotices/inputs.js';
import type { PatientQueryInput } from '../inputs.js';
import { loadAround } from '../../streams/folds.js';
import { instant } from '../../shared/brandedString.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { mayChooseEndNotices, mayRunMaintenance } from '../../trust/table.js';
import { runConsentCommand } from '../consentCommand.js';
import type { Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';

/** The patient, their practice, or a proxy with manage-sharing (as the patient) chooses. */
export const chooseEndNotices =
  (rt: Runtime) =>
  (
    input: t.TypeOf<typeof ChooseEndNoticesInput>,
    ctx: Ctx,
  ): TE.TaskEither<ConsentryError, Receipt> =>
  async () => {
    const done = await runConsentCommand(rt, ctx, {
      command: 'chooseEndNotices',
      patientId: input.patientId,
      organisationIds: [],
      authorise: (actor, view) => mayChooseEndNotices(actor, view.patient),
      decide: () =>
        E.right({
          events: [
            {
              type: 'EndNoticesChosen',
              data: { patientId: input.patientId, tell: input.tell, at: instant(rt.clock.now()) },
            },
          ],
          result: E.right(undefined),
        }),
    })();
    return E.map((r: { readonly receipt: Receipt }) => r.receipt)(done);
  };

/**
 * The maintenance sweep (docs/facade-api.md, `runMaintenance`): the embedding host alone.
 * Catches the endings read model up, then for each patient it names decides on the consent
 * stream, at its version, which endings to record. Idempotent: what is recorded is never due
 * again, and two sweeps at once race on the stream version, the loser deciding again.
 */
export const runMaintenance =
  (rt: Runtime, endings: () => TE.TaskEither<ConsentryError, EndingsState>) =>
  (
    _input: t.TypeOf<typeof RunMaintenanceInput>,
    ctx: Ctx,
  ): TE.TaskEither<ConsentryError, MaintenanceReport> =>
  async () => {
    const allowed = mayRunMaintenance(ctx.actor);
    if (E.isLeft(allowed)) return allowed;
    const state = await endings()();
    if (E.isLeft(state)) return state;
    const patients = patientsWithEndings(state.right, rt.clock.now());
    const report = {
      patientsChecked: patients.length,
      patientsNoticed: 0,
      consentEndsNoticed: 0,
      proxyEndsNoticed: 0,
      undelivered: 0,
      skipped: 0,
    };
    for (const patientId of patients) {
      const done = await runConsentCommand(rt, ctx, {
        command: 'runMaintenance',
        patientId,
        organisationIds: [],
        authorise: (actor) => mayRunMaintenance(actor),
        decide: (view) =>
          E.map((events: readonly ConsentRecordEvent[]) => ({
            events,
            result: E.right<ConsentryError, void>(undefined),
          }))(
            decideConsentRecord(
              {
                type: 'NoticeEndings',
                data: { patientId, dateOfBirth: view.patient.dateOfBirth, now: rt.clock.now() },
              },
              view.consent.state,
            ),
          ),
      })();
      if (E.isLeft(done)) {
        // No longer registered (deregistered, dead): nothing is sent. Anything else stops the sweep.
        if (done.left._tag === 'UnknownPatient') {
          report.skipped += 1;
          continue;
        }
        return done;
      }
      const types = done.right.appended.map((e) => e.type);
      const consents = types.filter((type) => type === 'ConsentEndNoticed').length;
      const proxies = types.filter((type) => type === 'ProxyEndNoticed').length;
      if (consents + proxies > 0) report.patientsNoticed += 1;
      report.consentEndsNoticed += consents;
      report.proxyEndsNoticed += proxies;
      report.undelivered += done.right.receipt.undelivered;
    }
    return E.right(report);
  };

/** Whether the patient is told when their time-limited consents end, as it stands now. */
export const endNotices =
  (rt: Runtime) =>
  (input: t.TypeOf<typeof PatientQueryInput>): TE.TaskEither<ConsentryError, EndNoticesView> =>
  async () => {
    const around = await loadAround(rt, input.patientId, [])();
    if (E.isLeft(around)) return around;
    const { patient, consent } = around.right;
    if (patient.status !== 'registered')
      return E.left(consentryError('UnknownPatient', { message: `No patient ${input.patientId}` }));
    const { tell, askedAt } = consent.state.notices;
    return E.right({
      patientId: input.patientId,
      tell,
      ...(tell && askedAt !== undefined ? { askedAt } : {}),
    });
  };
