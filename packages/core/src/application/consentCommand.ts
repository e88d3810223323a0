import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { AccessFacts } from '../consentRecord/access/rules/facts.js';
import type { ConsentRecordEvent, ConsentRecordState } from '../consentRecord/state.js';
import type { Actor, RecordedEvent } from '../eventStore/envelope.js';
import type { OrganisationState } from '../organisation/state.js';
import type { PatientState } from '../patient/state.js';
import type { PracticeListsState } from '../practiceLists/state.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import { streams } from '../shared/streams.js';
import type { SharingChange } from '../trust/consentRules.js';
import { authoriseActing } from '../trust/proxyRules.js';
import { consentFold, loadAround, loadOrganisation } from '../streams/folds.js';
import type { Receipt } from './results.js';
import { isNotPermitted, recordRefusal } from './refusals.js';
import { attemptOnStream } from './streamCommand.js';
import type { Ctx, Runtime } from './runtime.js';
import type { Loaded } from '../streams/load.js';

export type RegisteredPatient = Extract<PatientState, { status: 'registered' }>;

/** Current state around one patient's consent stream, read fresh for every attempt. */
export interface ConsentView {
  readonly patient: RegisteredPatient;
  readonly organisations: ReadonlyMap<string, OrganisationState>;
  readonly practiceLists: PracticeListsState;
  readonly consent: Loaded<ConsentRecordState>;
  readonly facts: (organisationId: string) => AccessFacts;
}

export interface ConsentOutcome<A> {
  /** Appended at the version `view` was read at. */
  readonly events: readonly ConsentRecordEvent[];
  /** A Left here still appends `events` (a wrong code is recorded, then reported). */
  readonly result: E.Either<ConsentryError, A>;
}

export interface ConsentCommandSpec<A> {
  /** The facade method's name: refused attempts are traced under it. */
  readonly command: string;
  readonly patientId: string;
  /** Organisations the command names; each must be registered. */
  readonly organisationIds: readonly string[];
  /**
   * Organisations to read besides those named, once the consent record is read (e.g. every
   * organisation caring for the patient): unknown or closed ones are left out, not an error.
   */
  readonly alsoRead?: (record: ConsentRecordState) => readonly string[];
  readonly authorise: (actor: Actor, view: ConsentView) => E.Either<ConsentryError, void>;
  /** The change to sharing a proxy would make: a proxy never lifts a standing "no" (trust/proxyRules.ts). */
  readonly change?: SharingChange;
  readonly decide: (view: ConsentView) => E.Either<ConsentryError, ConsentOutcome<A>>;
}

// One async step, not a pipe: it runs on every attempt of every consent command (see loadFrom).
const readView =
  (
    rt: Runtime,
    patientId: string,
    organisationIds: readonly string[],
  ): TE.TaskEither<ConsentryError, ConsentView> =>
  async () => {
    const around = await loadAround(rt, patientId, organisationIds)();
    if (E.isLeft(around)) return around;
    const { patient, practiceLists, consent } = around.right;
    if (patient.status !== 'registered')
      return E.left(consentryError('UnknownPatient', { message: `No patient ${patientId}` }));
    const organisations = new Map<string, OrganisationState>();
    for (const [index, id] of organisationIds.entries()) {
      const state = around.right.organisations[index] as OrganisationState;
      if (state.status === 'unregistered')
        return E.left(consentryError('UnknownOrganisation', { message: `No organisation ${id}` }));
      organisations.set(id, state);
    }
    return E.right({
      patient,
      organisations,
      practiceLists,
      consent,
      facts: (organisationId: string): AccessFacts => ({
        patient,
        organisation: organisations.get(organisationId) ?? { status: 'unregistered' },
        practiceLists,
        record: consent.state,
      }),
    });
  };

/** The view with the organisations `more` names added (read together; unknown ones skipped). */
const readMore = async (
  rt: Runtime,
  view: ConsentView,
  more: (record: ConsentRecordState) => readonly string[],
): Promise<E.Either<ConsentryError, ConsentView>> => {
  const missing = more(view.consent.state).filter((id) => !view.organisations.has(id));
  if (missing.length === 0) return E.right(view);
  const loaded = await Promise.all(missing.map((id) => loadOrganisation(rt, id)()));
  const organisations = new Map(view.organisations);
  for (const [index, result] of loaded.entries()) {
    if (E.isLeft(result)) return result;
    if (result.right.state.status !== 'unregistered')
      organisations.set(missing[index]!, result.right.state);
  }
  return E.right({
    ...view,
    organisations,
    facts: (organisationId: string): AccessFacts => ({
      ...view.facts(organisationId),
      organisation: organisations.get(organisationId) ?? { status: 'unregistered' },
    }),
  });
};

export interface ConsentCommandResult<A> {
  readonly value: A;
  readonly receipt: Receipt;
  readonly appended: readonly RecordedEvent[];
}

/**
 * Read–decide–append on a patient's consent stream, retried on a version conflict, then
 * the notification reactor drained (`rt.delivery`). The one path every consent command takes.
 * Commands on one patient in this process run one after another (`rt.queue`); `authorise`
 * and `decide` run on each attempt's fresh read, so a rule that depends on the decision is
 * never checked on stale state. A `NotPermitted` leaves a trace on the refusals stream.
 */
export const runConsentCommand =
  <A>(
    rt: Runtime,
    ctx: Ctx,
    spec: ConsentCommandSpec<A>,
  ): TE.TaskEither<ConsentryError, ConsentCommandResult<A>> =>
  async () => {
    const attempted = await rt.queue.run(spec.patientId, () => attemptAll(rt, ctx, spec)());
    if (E.isLeft(attempted)) {
      if (isNotPermitted(attempted.left))
        await recordRefusal(
          rt,
          ctx,
          {
            command: spec.command,
            patientId: spec.patientId,
            ...(spec.organisationIds[0] === undefined ? {} : { about: spec.organisationIds[0] }),
          },
          attempted.left,
        );
      return attempted;
    }
    const { result: outcome, appended } = attempted.right;
    const undelivered = await rt.delivery.afterAppend(appended)();
    if (E.isLeft(outcome.result)) return outcome.result;
    return E.right({
      value: outcome.result.right,
      appended,
      receipt: { correlationId: ctx.correlationId, appended: appended.length, undelivered },
    });
  };

const attemptAll = <A>(rt: Runtime, ctx: Ctx, spec: ConsentCommandSpec<A>) =>
  attemptOnStream(rt, ctx, {
    stream: streams.consent(spec.patientId),
    fold: consentFold,
    holdsAppended: true,
    read: async () => {
      const read = await readView(rt, spec.patientId, spec.organisationIds)();
      const view =
        spec.alsoRead === undefined || E.isLeft(read)
          ? read
          : await readMore(rt, read.right, spec.alsoRead);
      if (E.isLeft(view)) return view;
      const { patient, consent } = view.right;
      // Who may act is asked of each attempt's fresh read, never of an earlier one.
      const allowed = authoriseActing(
        ctx.actor,
        patient,
        consent.state,
        spec.command,
        rt.clock.now(),
        spec.change,
        (actor) => spec.authorise(actor, view.right),
      );
      return E.isLeft(allowed) ? allowed : E.right({ view: view.right, loaded: consent });
    },
    decide: (view) => {
      const outcome = spec.decide(view);
      return E.isLeft(outcome)
        ? outcome
        : E.right({ events: outcome.right.events, result: outcome.right });
    },
  });
