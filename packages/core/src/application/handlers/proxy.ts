import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { Actor } from '../../eventStore/envelope.js';
import type { ProxyGrantor } from '../../consentRecord/proxy/codecs.js';
import type { ConsentRecordEvent } from '../../consentRecord/state.js';
import { decideConsentRecord } from '../../consentRecord/decide.js';
import type * as PI from '../../consentRecord/proxy/inputs.js';
import type * as I from '../inputs.js';
import { inactiveReason } from '../../consentRecord/proxy/state.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import {
  mayChooseCodesRecipient,
  mayManageProxies,
  mayRecordCapacity,
} from '../../trust/proxyRules.js';
import { runConsentCommand, type ConsentView } from '../consentCommand.js';
import { loadAround, loadOrganisation } from '../../streams/folds.js';
import type { ProxiesView, Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';

type Events = E.Either<ConsentryError, readonly ConsentRecordEvent[]>;

const run = (
  rt: Runtime,
  ctx: Ctx,
  command: string,
  patientId: string,
  authorise: (actor: Actor, view: ConsentView) => E.Either<ConsentryError, void>,
  events: (view: ConsentView) => Events,
): TE.TaskEither<ConsentryError, Receipt> =>
  pipe(
    runConsentCommand(rt, ctx, {
      command,
      patientId,
      organisationIds: [],
      authorise,
      decide: (view) =>
        E.map((evs: readonly ConsentRecordEvent[]) => ({
          events: evs,
          result: E.right(undefined),
        }))(events(view)),
    }),
    TE.map(({ receipt }) => receipt),
  );

/** Who the grant or revocation is by, as the event records it (the check has passed by then). */
const grantor = (actor: Actor): ProxyGrantor => (actor.kind === 'patient' ? 'patient' : 'practice');

/** The proxy id must not name a registered organisation: an organisation never becomes a proxy. */
const isOrganisation = (rt: Runtime, proxyId: string): TE.TaskEither<ConsentryError, boolean> =>
  pipe(
    loadOrganisation(rt, proxyId),
    TE.map(({ state }) => state.status !== 'unregistered'),
  );

export const grantProxy = (rt: Runtime) => (input: t.TypeOf<typeof PI.GrantProxyInput>, ctx: Ctx) =>
  pipe(
    isOrganisation(rt, input.proxyId),
    TE.flatMap((organisation) =>
      run(
        rt,
        ctx,
        'grantProxy',
        input.patientId,
        (actor, view) =>
          mayManageProxies(actor, view.patient, view.consent.state, input.proxyId, organisation),
        (view) =>
          decideConsentRecord(
            { type: 'GrantProxy', data: input, grantedBy: grantor(ctx.actor), now: rt.clock.now() },
            view.consent.state,
          ),
      ),
    ),
  );

export const revokeProxy =
  (rt: Runtime) => (input: t.TypeOf<typeof PI.RevokeProxyInput>, ctx: Ctx) =>
    run(
      rt,
      ctx,
      'revokeProxy',
      input.patientId,
      (actor, view) =>
        mayManageProxies(actor, view.patient, view.consent.state, input.proxyId, false),
      (view) =>
        decideConsentRecord(
          { type: 'RevokeProxy', data: input, revokedBy: grantor(ctx.actor) },
          view.consent.state,
        ),
    );

export const recordCapacity =
  (rt: Runtime) => (input: t.TypeOf<typeof PI.RecordCapacityInput>, ctx: Ctx) =>
    run(
      rt,
      ctx,
      'recordCapacity',
      input.patientId,
      (actor, view) => mayRecordCapacity(actor, view.patient),
      (view) => decideConsentRecord({ type: 'RecordCapacity', data: input }, view.consent.state),
    );

export const chooseCodesRecipient =
  (rt: Runtime) => (input: t.TypeOf<typeof PI.ChooseCodesRecipientInput>, ctx: Ctx) =>
    run(
      rt,
      ctx,
      'chooseCodesRecipient',
      input.patientId,
      (actor, view) =>
        mayChooseCodesRecipient(
          actor,
          view.patient,
          view.consent.state,
          ctx.actor.kind === 'proxy',
        ),
      (view) =>
        decideConsentRecord(
          {
            type: 'ChooseCodesRecipient',
            data: input,
            dateOfBirth: view.patient.dateOfBirth,
            now: rt.clock.now(),
          },
          view.consent.state,
        ),
    );

/** The patient's proxies, whether each is in force now (and why not), capacity and where codes go. */
export const proxies =
  (rt: Runtime) =>
  (input: t.TypeOf<typeof I.PatientQueryInput>): TE.TaskEither<ConsentryError, ProxiesView> =>
    pipe(
      loadAround(rt, input.patientId, []),
      TE.flatMap(({ patient, consent }) => {
        if (patient.status !== 'registered')
          return TE.left(
            consentryError('UnknownPatient', { message: `No patient ${input.patientId}` }),
          );
        const now = rt.clock.now();
        const { grants, lacksCapacity, codesTo } = consent.state.proxy;
        const view: ProxiesView = {
          patientId: patient.patientId,
          lacksCapacity,
          codesTo,
          proxies: Object.values(grants).map((g) => {
            const ended = inactiveReason(g, patient.dateOfBirth, now);
            return {
              ...g,
              inForce: ended === undefined,
              ...(ended === undefined ? {} : { ended }),
            };
          }),
        };
        return TE.right(view);
      }),
    );
