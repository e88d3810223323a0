import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { decideAccess } from '../../consentRecord/access/rules/decideAccess.js';
import type { OrganisationId } from '../../organisation/codecs.js';
import type { OrganisationState } from '../../organisation/state.js';
import type { PatientState } from '../../patient/state.js';
import { accessHistoryOf, accessHistoryProjection } from '../../projections/accessHistory.js';
import type { Directory } from '../../projections/directory.js';
import { project } from '../../projections/projection.js';
import { refusedCommandsOf } from '../../projections/refusedCommands.js';
import { sharingOf, sharingSummaryProjection } from '../../projections/sharingSummary.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { streams } from '../../shared/streams.js';
import {
  loadFacts,
  loadOrganisation,
  loadPatient,
  loadPracticeLists,
} from '../../streams/folds.js';
import type * as I from '../inputs.js';
import type * as R from '../results.js';
import type { Runtime } from '../runtime.js';
import { fromStoreError } from '../../streams/load.js';

type Registered = Extract<PatientState, { status: 'registered' }>;

export const patientDetails = (p: Registered): R.PatientDetails => ({
  patientId: p.patientId,
  nhsNumber: p.nhsNumber,
  name: p.name,
  dateOfBirth: p.dateOfBirth,
  homeArea: p.homeArea,
  practiceId: p.practiceId,
  portalEnrolled: p.portalEnrolled,
  ...p.contact,
});

export const registeredPatient =
  (rt: Runtime, patientId: string): TE.TaskEither<ConsentryError, Registered> =>
  async () => {
    const loaded = await loadPatient(rt, patientId)();
    if (E.isLeft(loaded)) return loaded;
    const { state } = loaded.right;
    return state.status === 'registered'
      ? E.right(state)
      : E.left(consentryError('UnknownPatient', { message: `No patient ${patientId}` }));
  };

const organisationDetails = (
  o: Exclude<OrganisationState, { status: 'unregistered' }>,
): R.OrganisationDetails => ({
  organisationId: o.organisationId,
  odsCode: o.odsCode,
  name: o.name,
  kind: o.kind,
  area: o.area,
  status: o.status,
});

export const organisation = (rt: Runtime) => (input: t.TypeOf<typeof I.OrganisationQueryInput>) =>
  pipe(
    loadOrganisation(rt, input.organisationId),
    TE.flatMap(({ state }) =>
      state.status === 'unregistered'
        ? TE.left(
            consentryError('UnknownOrganisation', {
              message: `No organisation ${input.organisationId}`,
            }),
          )
        : TE.right(organisationDetails(state)),
    ),
  );

export const organisations = (rt: Runtime, directory: Directory) => () =>
  pipe(
    directory.organisationIds(),
    TE.flatMap((ids) =>
      TE.sequenceArray(ids.map((organisationId) => organisation(rt)({ organisationId }))),
    ),
  );

// One async step, not a pipe: a host looks a patient up by number on most requests.
export const findPatientByNhsNumber =
  (rt: Runtime, directory: Directory) =>
  (
    input: t.TypeOf<typeof I.NhsNumberQueryInput>,
  ): TE.TaskEither<ConsentryError, R.PatientDetails> =>
  async () => {
    const id = await directory.patientIdByNhsNumber(input.nhsNumber)();
    if (E.isLeft(id)) return id;
    if (id.right === undefined)
      return E.left(
        consentryError('UnknownPatient', { message: 'No patient with this NHS number' }),
      );
    const patient = await registeredPatient(rt, id.right)();
    return E.isLeft(patient) ? patient : E.right(patientDetails(patient.right));
  };

export const practiceLists = (rt: Runtime) => (input: t.TypeOf<typeof I.OrganisationQueryInput>) =>
  pipe(
    organisation(rt)(input),
    TE.flatMap(() => loadPracticeLists(rt, input.organisationId)),
    TE.map(({ state }): R.PracticeListsView => {
      const on = (list: 'allowed' | 'prohibited') =>
        Object.keys(state.entries).filter((id) => state.entries[id] === list) as OrganisationId[];
      return {
        practiceId: input.organisationId,
        allowed: on('allowed'),
        prohibited: on('prohibited'),
      };
    }),
  );

const consentEvents = (rt: Runtime, patientId: string) =>
  pipe(
    rt.store.readStream(streams.consent(patientId)),
    TE.map((read) => read.events),
    TE.mapLeft(fromStoreError),
  );

/**
 * Commands the trust rules refused about the patient (who, when, why), from the patient's
 * refusals stream: for auditors and privacy officers; the patient's access history keeps
 * counting opened records only.
 */
export const refusedCommands =
  (rt: Runtime) =>
  (
    input: t.TypeOf<typeof I.PatientQueryInput>,
  ): TE.TaskEither<ConsentryError, readonly R.RefusedCommand[]> =>
    pipe(
      registeredPatient(rt, input.patientId),
      TE.flatMap(() =>
        pipe(rt.store.readStream(streams.refusals(input.patientId)), TE.mapLeft(fromStoreError)),
      ),
      TE.map((read) => refusedCommandsOf(read.events)),
    );

/** Read from the patient's own stream at query time, so it always shows the latest events. */
export const accessHistory = (rt: Runtime) => (input: t.TypeOf<typeof I.PatientQueryInput>) =>
  pipe(
    registeredPatient(rt, input.patientId),
    TE.flatMap(() => consentEvents(rt, input.patientId)),
    TE.map((events) => accessHistoryOf(project(accessHistoryProjection, events), input.patientId)),
  );

export const sharingSummary = (rt: Runtime) => (input: t.TypeOf<typeof I.PatientQueryInput>) =>
  pipe(
    registeredPatient(rt, input.patientId),
    TE.bindTo('patient'),
    TE.bind('events', () => consentEvents(rt, input.patientId)),
    TE.let('sharing', ({ events }) =>
      sharingOf(project(sharingSummaryProjection, events), input.patientId),
    ),
    // Who can see the record now: the practice, organisations in care, and any emergency window.
    TE.bind('canSeeNow', ({ patient, sharing, events }) => {
      const emergencies = events
        .filter((e) => e.type === 'EmergencyAccessInvoked')
        .map((e) => (e.data as { organisationId: string }).organisationId);
      const candidates = [
        ...new Set([patient.practiceId, ...Object.keys(sharing.care), ...emergencies]),
      ];
      return pipe(
        TE.sequenceArray(
          candidates.map((organisationId) =>
            pipe(
              loadFacts(rt, input.patientId, organisationId),
              TE.map(
                ({ facts }) =>
                  [
                    organisationId,
                    decideAccess(
                      facts,
                      { organisationId, purpose: 'TREAT', now: rt.clock.now() },
                      rt.policy,
                    ),
                  ] as const,
              ),
            ),
          ),
        ),
        TE.map((decisions) =>
          decisions.flatMap(([organisationId, d]) =>
            d.outcome === 'permit'
              ? [{ organisationId: organisationId as OrganisationId, basis: d.basis }]
              : [],
          ),
        ),
      );
    }),
    TE.map(({ patient, sharing, canSeeNow }): R.SharingSummary => ({
      patientId: patient.patientId,
      preferences: Object.values(sharing.preferences),
      sharingIn: Object.values(sharing.sharingIn),
      sharingOut: Object.entries(sharing.sharingOut).map(([organisationId, answer]) => ({
        organisationId: organisationId as OrganisationId,
        answer,
      })),
      labelConsents: Object.values(sharing.labelConsents),
      careRelationships: Object.values(sharing.care),
      canSeeNow,
    })),
  );
