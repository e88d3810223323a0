import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  changeHomeArea,
  closeOrganisation,
  enrolPortal,
  list,
  recordContactDetails,
  registerOrganisation,
  registerPatient,
} from './trustDirectoryCommands.js';
import {
  idOf,
  resolve,
  run,
  type Ctx,
  type Executed,
  type Handler,
  type StepOf,
} from './trustExecuted.js';
import type { Applied } from './trustModel.js';
import type { Command, OrgRef, PlainPair } from './trustSteps.js';
import {
  codeSentTo,
  contextOf,
  PATIENTS,
  type ActorKey,
  type OrgKey,
  type PatientKey,
  type TrustWorld,
} from './trustWorld.js';

export { appendedBy, idOf, run, type Executed, type Outcome } from './trustExecuted.js';

/** What the actor would truthfully give as `setBy`, unless the step names a value. */
const setByOf = (step: StepOf<'setSharingPreference'>): 'patient' | 'practice' | 'organisation' => {
  if (step.setBy !== 'match') return step.setBy;
  if (step.as === `patient:${step.patient}`) return 'patient';
  return step.as === `practice-staff:${PATIENTS[step.patient].practice}`
    ? 'practice'
    : 'organisation';
};

const optionalOrg = (step: { as: ActorKey; org?: OrgRef }) =>
  step.org === undefined ? {} : { org: resolve(step.as, step.org) };
const organisationIdOf = (org: { org?: OrgKey }) =>
  org.org === undefined ? {} : { organisationId: idOf(org.org) };

const setSharingPreference: Handler<'setSharingPreference'> = async (w, step) => {
  const org = optionalOrg(step);
  const until =
    step.untilSeconds === undefined
      ? undefined
      : w.clock.now().getTime() + step.untilSeconds * 1000;
  const input = {
    patientId: step.patient,
    preference: step.preference,
    setBy: setByOf(step),
    ...organisationIdOf(org),
    ...(until === undefined ? {} : { until: new Date(until).toISOString() }),
  };
  const entry = { preference: step.preference, ...(until === undefined ? {} : { until }) };
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.setSharingPreference(input, step.ctx)),
    applied: { do: step.do, patient: step.patient, ...org, entry },
  };
};

const clearSharingPreference: Handler<'clearSharingPreference'> = async (w, step) => {
  const org = optionalOrg(step);
  const input = { patientId: step.patient, ...organisationIdOf(org) };
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.clearSharingPreference(input, step.ctx)),
    applied: { do: step.do, patient: step.patient, ...org },
  };
};

/** Commands naming a patient and one organisation, and what each tells the model. */
type PairCommand = PlainPair | 'recordInPersonAnswer' | 'recordSharingOutConsent';
interface PairStep {
  readonly as: ActorKey;
  readonly ctx: Ctx;
  readonly patient: PatientKey;
  readonly org: OrgRef;
  readonly answer?: 'consent' | 'dissent';
}
const sharingIn = (
  step: PairStep,
  org: OrgKey,
  answer: 'consent' | 'dissent',
  by: 'in-person' | 'online',
): Applied => ({ do: 'sharingIn', patient: step.patient, org, answer, by });
const PAIR_EFFECTS: Record<PairCommand, (step: PairStep, org: OrgKey) => Applied | undefined> = {
  recordInPersonAnswer: (step, org) => sharingIn(step, org, step.answer ?? 'consent', 'in-person'),
  recordSharingOutConsent: () => undefined,
  withdrawConsent: (step, org) => ({ do: 'withdrawConsent', patient: step.patient, org }),
  endCare: (step, org) => ({ do: 'care', patient: step.patient, org, on: false }),
  resendCode: () => undefined,
  approveOnline: (step, org) => sharingIn(step, org, 'consent', 'online'),
  refuseOnline: (step, org) => sharingIn(step, org, 'dissent', 'online'),
  viewRecord: () => undefined,
};

const pair =
  (name: PairCommand) =>
  async (w: TrustWorld, step: PairStep): Promise<Executed> => {
    const org = resolve(step.as, step.org);
    const input = {
      patientId: step.patient,
      organisationId: idOf(org),
      ...(step.answer === undefined ? {} : { answer: step.answer }),
    };
    const method = w.consentry[name] as (
      i: typeof input,
      c: Ctx,
    ) => TE.TaskEither<unknown, unknown>;
    const applied = PAIR_EFFECTS[name](step, org);
    return {
      name,
      patient: step.patient,
      org,
      result: await run(method(input, step.ctx)),
      ...(applied === undefined ? {} : { applied }),
    };
  };

const startCare: Handler<'startCare'> = async (w, step) => {
  const org = resolve(step.as, step.org);
  const input = {
    patientId: step.patient,
    organisationId: idOf(org),
    ...(step.selfClaimed === undefined ? {} : { selfClaimed: step.selfClaimed }),
    ...(step.reason === undefined ? {} : { reason: step.reason }),
  };
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.startCare(input, step.ctx)),
    applied: { do: 'care', patient: step.patient, org, on: true },
  };
};

const referCare: Handler<'referCare'> = async (w, step) => {
  const to = resolve(step.as, step.to);
  const input = { patientId: step.patient, from: idOf(resolve(step.as, step.from)), to: idOf(to) };
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.referCare(input, step.ctx)),
    applied: { do: 'care', patient: step.patient, org: to, on: true },
  };
};

const requestAccess: Handler<'requestAccess'> = async (w, step) => {
  const org = resolve(step.as, step.org);
  const { justification } = step;
  const input = {
    patientId: step.patient,
    organisationId: idOf(org),
    purpose: step.purpose,
    ...(justification === undefined ? {} : { justification: justification.text }),
  };
  const meaningful = step.purpose === 'ETREAT' && justification?.meaningful === true;
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.requestAccess(input, step.ctx)),
    applied: { do: 'emergency', patient: step.patient, org, meaningful },
  };
};

/** `right` is the code the patient was sent, read from the messages as the patient would. */
const enterCode: Handler<'enterCode'> = async (w, step) => {
  const org = resolve(step.as, step.org);
  const sent = codeSentTo(w.notifier, step.patient, org);
  const code = step.code === 'right' ? (sent ?? '000000') : step.code;
  const input = { patientId: step.patient, organisationId: idOf(org), code };
  const by = sent !== undefined && code === sent ? 'right-code' : 'wrong-code';
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.enterCode(input, step.ctx)),
    applied: { do: 'sharingIn', patient: step.patient, org, answer: 'consent', by },
  };
};

const reviewAlert: Handler<'reviewAlert'> = async (w, step) => {
  const all = await run(w.consentry.alerts({ status: 'all' }));
  const alerts = E.isRight(all)
    ? (all.right as readonly { alertId: string; patientId: PatientKey }[])
    : [];
  const alert = alerts.length === 0 ? undefined : alerts.at(step.alert % alerts.length);
  const input = { alertId: alert?.alertId ?? 'no-such-alert', outcome: step.outcome };
  return {
    name: step.do,
    ...(alert === undefined ? {} : { patient: alert.patientId }),
    result: await run(w.consentry.reviewAlert(input, step.ctx)),
  };
};

const HANDLERS: { [K in Command['do']]: Handler<K> } = {
  changeHomeArea,
  setSharingPreference,
  clearSharingPreference,
  recordInPersonAnswer: pair('recordInPersonAnswer'),
  recordSharingOutConsent: pair('recordSharingOutConsent'),
  withdrawConsent: pair('withdrawConsent'),
  endCare: pair('endCare'),
  resendCode: pair('resendCode'),
  approveOnline: pair('approveOnline'),
  refuseOnline: pair('refuseOnline'),
  viewRecord: pair('viewRecord'),
  startCare,
  referCare,
  requestAccess,
  enterCode,
  recordContactDetails,
  enrolPortal,
  allowOrganisation: list('allowOrganisation'),
  prohibitOrganisation: list('prohibitOrganisation'),
  removeFromPracticeLists: list('removeFromPracticeLists'),
  reviewAlert,
  registerOrganisation,
  closeOrganisation,
  registerPatient,
};

let commands = 0;

/** Runs one command through the facade as its actor, under a correlation id of its own. */
export const execute = async (
  w: TrustWorld,
  step: { readonly as: ActorKey } & Command,
): Promise<Executed> => {
  commands += 1;
  const correlationId = `step-${commands}`;
  const ctx = { ...contextOf(step.as), correlationId };
  const executed = await HANDLERS[step.do](w, { ...step, ctx } as never);
  return { ...executed, correlationId };
};
