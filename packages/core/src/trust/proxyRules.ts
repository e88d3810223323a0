import * as E from 'fp-ts/lib/Either.js';
import type { ConsentRecordState } from '../consentRecord/state.js';
import type { Actor } from '../eventStore/envelope.js';
import type { PatientState } from '../patient/state.js';
import type { ProxyScope } from '../consentRecord/proxy/codecs.js';
import { inactiveReason, type Inactive } from '../consentRecord/proxy/state.js';
import { liftsNo, type SharingChange } from './consentRules.js';
import { isPatient, isPracticeOf } from './actors.js';
import { refuse, type Check } from './table.js';

/**
 * What a proxy may do for the patient (docs/facade-api.md, "Proxies"): each command a proxy
 * may run, and the scope it needs. Anything not named here a proxy may not do at all.
 */
export const PROXY_SCOPE_OF: Readonly<Record<string, ProxyScope>> = {
  setSharingPreference: 'manage-sharing',
  clearSharingPreference: 'manage-sharing',
  withdrawConsent: 'manage-sharing',
  approveOnline: 'manage-sharing',
  refuseOnline: 'manage-sharing',
  recordContactDetails: 'manage-sharing',
  chooseCodesRecipient: 'manage-sharing',
  chooseEndNotices: 'manage-sharing',
  accessHistory: 'see-access-history',
};

type Registered = Extract<PatientState, { status: 'registered' }>;

const WHY: Readonly<Record<Inactive, string>> = {
  'no-grant': 'is not a proxy for this patient',
  revoked: 'was revoked',
  ended: 'ended on its end date',
  'child-turned-sixteen':
    "ended on the child's 16th birthday (the practice may confirm it again after it)",
};

/** The patient, as the rest of the table sees a proxy acting for them: never more than the patient may do. */
export const asPatient = (patient: Registered): Actor => ({
  kind: 'patient',
  id: patient.patientId,
});

/**
 * May this proxy act for the patient now, for `command`? Only for the patient it names
 * (`forPatientId`), on a grant in force at `now` (not revoked, before its end date, a
 * parent's before the child's 16th birthday unless confirmed again), and within its scope.
 */
export const mayProxyAct = (
  actor: Actor,
  patient: Registered,
  record: ConsentRecordState,
  command: string,
  now: Date,
): Check => {
  if (actor.kind !== 'proxy') return refuse('Only a proxy acts as a proxy');
  if (actor.forPatientId !== patient.patientId)
    return refuse('A proxy acts only for the patient it names in forPatientId');
  const inactive = inactiveReason(record.proxy.grants[actor.id], patient.dateOfBirth, now);
  if (inactive !== undefined) return refuse(`This proxy ${WHY[inactive]}`);
  const scope = PROXY_SCOPE_OF[command];
  if (scope === undefined) return refuse(`A proxy may not ${command}`);
  const grant = record.proxy.grants[actor.id]!;
  return grant.scope.includes(scope)
    ? E.right(undefined)
    : refuse(`This proxy's scope has no ${scope}`);
};

/**
 * A proxy never lifts a "no" that stands (a `deny` preference not yet expired, or a
 * sharing-in dissent): only the patient or their registered practice may. Approving a request
 * online is a "yes" for that organisation, so it is checked like one.
 */
const liftsAnyNo = (record: ConsentRecordState, change: SharingChange, now: Date): boolean =>
  liftsNo(record.sharing, change, now) ||
  (change.kind === 'sharing-in' &&
    change.answer === 'consent' &&
    liftsNo(
      record.sharing,
      {
        kind: 'preference',
        organisationId: change.organisationId,
        preference: 'allow',
        setBy: 'patient',
      },
      now,
    ));

/**
 * Every consent command's gate: anyone but a proxy goes straight to the command's own check;
 * a proxy must pass `mayProxyAct`, must not lift a standing "no", and then the command's own
 * check is run as if the patient acted, so a proxy never does what the patient could not.
 */
export const authoriseActing = (
  actor: Actor,
  patient: Registered,
  record: ConsentRecordState,
  command: string,
  now: Date,
  change: SharingChange | undefined,
  authorise: (actor: Actor) => Check,
): Check => {
  if (actor.kind !== 'proxy') return authorise(actor);
  const acts = mayProxyAct(actor, patient, record, command, now);
  if (E.isLeft(acts)) return acts;
  if (change !== undefined && liftsAnyNo(record, change, now))
    return refuse('A proxy may not lift a no that stands: only the patient or their practice may');
  return authorise(asPatient(patient));
};

/**
 * Granting or revoking a proxy: the registered practice at any time, or the patient themself
 * when the practice has not recorded that they lack capacity. Nobody makes themself a proxy,
 * the patient is not their own proxy, and an organisation never becomes one.
 */
export const mayManageProxies = (
  actor: Actor,
  patient: Registered,
  record: ConsentRecordState,
  proxyId: string,
  proxyIsOrganisation: boolean,
): Check => {
  if (proxyIsOrganisation) return refuse('An organisation cannot become a proxy');
  if (proxyId === patient.patientId) return refuse('A patient is not their own proxy');
  if (proxyId === actor.id) return refuse('Nobody grants or revokes themself as a proxy');
  if (isPracticeOf(actor, patient)) return E.right(undefined);
  if (isPatient(actor, patient))
    return record.proxy.lacksCapacity
      ? refuse(
          'The practice has recorded that the patient lacks capacity: the practice manages proxies',
        )
      : E.right(undefined);
  return refuse(
    "Only the patient or their registered practice may grant or revoke the patient's proxies",
  );
};

/** Whether the patient lacks capacity: the registered practice alone records it. */
export const mayRecordCapacity = (actor: Actor, patient: Registered): Check =>
  isPracticeOf(actor, patient)
    ? E.right(undefined)
    : refuse("Only the patient's registered practice may record whether they lack capacity");

/**
 * Where codes go: the practice, the patient with capacity, or (through `authoriseActing`, as
 * the patient) a proxy with `manage-sharing`, whatever the patient's capacity.
 */
export const mayChooseCodesRecipient = (
  actor: Actor,
  patient: Registered,
  record: ConsentRecordState,
  viaProxy: boolean,
): Check => {
  if (isPracticeOf(actor, patient)) return E.right(undefined);
  if (isPatient(actor, patient))
    return record.proxy.lacksCapacity && !viaProxy
      ? refuse('The practice has recorded that the patient lacks capacity: the practice chooses')
      : E.right(undefined);
  return refuse(
    'Only the patient, their proxy or their registered practice may choose where codes go',
  );
};
