import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { alertsProjection, alertsWith } from '../projections/alerts.js';
import { directory } from '../projections/directory.js';
import { openChallengesOf, openChallengesProjection } from '../projections/openChallenges.js';
import { catchingUp } from '../projections/runner.js';
import { uuidV7Ids } from '../shared/ids.js';
import type { Consentry, ConsentryDeps } from './api.js';
import { command, query } from './command.js';
import * as access from './handlers/access.js';
import { reviewAlert } from './handlers/alerts.js';
import * as consent from './handlers/consent.js';
import * as q from './handlers/queries.js';
import * as record from './handlers/record.js';
import * as moves from './handlers/moves.js';
import * as registry from './handlers/registry.js';
import * as verification from './handlers/verification.js';
import * as I from './inputs.js';
import * as PI from '../consentRecord/proxy/inputs.js';
import * as proxy from './handlers/proxy.js';
import * as NI from '../consentRecord/endNotices/inputs.js';
import { endingsProjection } from '../projections/endingsDue.js';
import * as endNotices from './handlers/endNotices.js';
import { deliveryFor } from './notify.js';
import { resolvePolicy } from './policy.js';
import { keyedQueue } from './patientQueue.js';
import { traced } from './tracing.js';
import type { Runtime } from './runtime.js';
import { stateCache } from '../streams/stateCache.js';
import { fromStoreError } from '../streams/load.js';
import { erasePersonalData } from './handlers/personalData.js';
import { ErasePersonalDataInput } from './inputs.js';
import { personalDataStore } from '../personalData/personalDataStore.js';
import { nhsNumberLookupKey } from '../patient/reservation.js';

/**
 * The application facade (docs/facade-api.md). Every command decodes its input, re-reads
 * current state, decides, appends at the version it read (retrying a lost race), then
 * drains the notification reactor (or leaves that to the host's reactor: `notifications`).
 * Queries read the latest events.
 */
export const createConsentry = (given: ConsentryDeps): Consentry => {
  // With a key vault, every read and write (the reactor's too) goes through the one path
  // that seals and opens personal fields (docs/personal-data.md).
  const deps: ConsentryDeps =
    given.keyVault === undefined
      ? given
      : { ...given, eventStore: personalDataStore(given.eventStore, given.keyVault) };
  const ids = deps.ids ?? uuidV7Ids;
  const states = stateCache(deps.stateCacheStreams);
  const rt: Runtime = {
    store: deps.eventStore,
    notifier: deps.notifier,
    clock: deps.clock,
    keyring: deps.keyring,
    ids,
    policy: resolvePolicy(deps.policy),
    delivery: deliveryFor(deps, ids, states),
    states,
    queue: keyedQueue(),
    ...(deps.commitToken === undefined ? {} : { commitToken: deps.commitToken }),
  };
  // Held in memory by keyed HMAC, never the number (docs/personal-data.md).
  const names = directory(rt.store, (nhsNumber) =>
    nhsNumberLookupKey(rt.keyring.current(), nhsNumber),
  );
  const alerts = catchingUp(rt.store, alertsProjection);
  const challenges = catchingUp(rt.store, openChallengesProjection);
  const endings = catchingUp(rt.store, endingsProjection);
  const currentAlerts = () => pipe(alerts.current(), TE.mapLeft(fromStoreError));

  return traced({
    registerOrganisation: command(
      rt,
      I.RegisterOrganisationInput,
      registry.registerOrganisation(rt),
    ),
    closeOrganisation: command(rt, I.CloseOrganisationInput, registry.closeOrganisation(rt)),
    registerPatient: command(rt, I.RegisterPatientInput, registry.registerPatient(rt, names)),
    recordContactDetails: command(
      rt,
      I.RecordContactDetailsInput,
      registry.recordContactDetails(rt),
    ),
    enrolPortal: command(rt, I.EnrolPortalInput, registry.enrolPortal(rt)),
    allowOrganisation: command(
      rt,
      I.PracticeListInput,
      registry.practiceList(rt, 'AllowOrganisation'),
    ),
    prohibitOrganisation: command(
      rt,
      I.PracticeListInput,
      registry.practiceList(rt, 'ProhibitOrganisation'),
    ),
    removeFromPracticeLists: command(
      rt,
      I.PracticeListInput,
      registry.practiceList(rt, 'RemoveFromLists'),
    ),
    setSharingPreference: command(
      rt,
      I.SetSharingPreferenceInput,
      consent.setSharingPreference(rt),
    ),
    clearSharingPreference: command(
      rt,
      I.ClearSharingPreferenceInput,
      consent.clearSharingPreference(rt),
    ),
    recordSharingOutConsent: command(
      rt,
      I.RecordSharingOutConsentInput,
      consent.recordSharingOutConsent(rt),
    ),
    startCare: command(rt, I.StartCareInput, consent.startCare(rt)),
    referCare: command(rt, I.ReferCareInput, consent.referCare(rt)),
    endCare: command(rt, I.EndCareInput, consent.endCare(rt)),
    requestAccess: command(rt, I.RequestAccessInput, access.requestAccess(rt)),
    enterCode: command(rt, I.EnterCodeInput, verification.enterCode(rt)),
    resendCode: command(rt, I.PatientOrganisationInput, verification.resendCode(rt)),
    approveOnline: command(rt, I.ApproveOnlineInput, verification.approveOnline(rt)),
    refuseOnline: command(rt, I.PatientOrganisationInput, verification.refuseOnline(rt)),
    recordInPersonAnswer: command(
      rt,
      I.RecordInPersonAnswerInput,
      consent.recordInPersonAnswer(rt),
    ),
    withdrawConsent: command(rt, I.PatientOrganisationInput, consent.withdrawConsent(rt)),
    viewRecord: command(rt, I.PatientOrganisationInput, access.viewRecord(rt)),
    reviewAlert: command(rt, I.ReviewAlertInput, reviewAlert(rt, currentAlerts)),
    erasePersonalData: command(rt, ErasePersonalDataInput, erasePersonalData(rt)),
    consentToLabel: command(rt, I.ConsentToLabelInput, record.consentToLabel(rt)),
    grantProxy: command(rt, PI.GrantProxyInput, proxy.grantProxy(rt)),
    revokeProxy: command(rt, PI.RevokeProxyInput, proxy.revokeProxy(rt)),
    recordCapacity: command(rt, PI.RecordCapacityInput, proxy.recordCapacity(rt)),
    chooseCodesRecipient: command(rt, PI.ChooseCodesRecipientInput, proxy.chooseCodesRecipient(rt)),
    proxies: query(I.PatientQueryInput, proxy.proxies(rt)),
    chooseEndNotices: command(rt, NI.ChooseEndNoticesInput, endNotices.chooseEndNotices(rt)),
    runMaintenance: command(
      rt,
      NI.RunMaintenanceInput,
      endNotices.runMaintenance(rt, () => pipe(endings.current(), TE.mapLeft(fromStoreError))),
    ),
    endNotices: query(I.PatientQueryInput, endNotices.endNotices(rt)),

    checkAccess: query(I.CheckAccessInput, access.checkAccess(rt)),
    changeHomeArea: command(rt, I.ChangeHomeAreaInput, moves.changeHomeArea(rt)),
    changePractice: command(rt, I.ChangePracticeInput, moves.changePractice(rt)),
    deregister: command(rt, I.PatientQueryInput, moves.deregister(rt)),
    recordDeath: command(rt, I.PatientQueryInput, moves.recordDeath(rt)),
    sharedEntries: query(I.SharedEntriesInput, record.sharedEntries(rt)),
    sharingSummary: query(I.PatientQueryInput, q.sharingSummary(rt)),
    accessHistory: query(I.PatientQueryInput, q.accessHistory(rt)),
    refusedCommands: query(I.PatientQueryInput, q.refusedCommands(rt)),
    openChallenges: query(I.OrganisationQueryInput, (input) =>
      pipe(
        challenges.current(),
        TE.mapLeft(fromStoreError),
        TE.map((state) => openChallengesOf(state, input.organisationId, rt.clock.now())),
      ),
    ),
    alerts: query(I.AlertsQueryInput, (input) =>
      pipe(
        currentAlerts(),
        TE.map((state) => alertsWith(state, input.status ?? 'open')),
      ),
    ),
    findPatientByNhsNumber: query(I.NhsNumberQueryInput, q.findPatientByNhsNumber(rt, names)),
    patient: query(I.PatientQueryInput, (input) =>
      pipe(q.registeredPatient(rt, input.patientId), TE.map(q.patientDetails)),
    ),
    organisation: query(I.OrganisationQueryInput, q.organisation(rt)),
    organisations: q.organisations(rt, names),
    practiceLists: query(I.OrganisationQueryInput, q.practiceLists(rt)),
  });
};
