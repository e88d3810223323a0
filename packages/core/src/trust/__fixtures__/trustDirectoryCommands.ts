import type { ListCommand } from './trustStepTypes.js';
import { idOf, resolve, run, type Ctx, type Executed, type Handler } from './trustExecuted.js';
import {
  contactDetails,
  nhsNumberOf,
  ORGANISATIONS,
  type ActorKey,
  type PracticeKey,
  type TrustWorld,
} from './trustWorld.js';
import type { OrgRef } from './trustStepTypes.js';

/** Commands off the consent stream (directory, registration, the patient's details, the practice's lists). */
let registered = 0;

export const registerOrganisation: Handler<'registerOrganisation'> = async (w, step) => {
  registered += 1;
  const input = {
    organisationId: `new-org-${registered}`,
    odsCode: `N${registered}X`,
    name: `New organisation ${registered}`,
    kind: step.kind,
    area: step.area,
  };
  return { name: step.do, result: await run(w.consentry.registerOrganisation(input, step.ctx)) };
};

export const closeOrganisation: Handler<'closeOrganisation'> = async (w, step) => {
  const org = resolve(step.as, step.org);
  return {
    name: step.do,
    org,
    result: await run(w.consentry.closeOrganisation({ organisationId: idOf(org) }, step.ctx)),
  };
};

export const registerPatient: Handler<'registerPatient'> = async (w, step) => {
  registered += 1;
  const input = {
    patientId: `patient-${registered}`,
    nhsNumber: nhsNumberOf(step.nhs),
    name: 'Carol Jones',
    dateOfBirth: step.bornInFuture ? '2099-01-01' : '1990-05-05',
    homeArea: 'leicestershire',
    practiceId: ORGANISATIONS[step.practice].id,
  };
  return { name: step.do, result: await run(w.consentry.registerPatient(input, step.ctx)) };
};

export const recordContactDetails: Handler<'recordContactDetails'> = async (w, step) => {
  const input = { patientId: step.patient, ...contactDetails(step.patient, step.contact) };
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.recordContactDetails(input, step.ctx)),
  };
};

export const enrolPortal: Handler<'enrolPortal'> = async (w, step) => ({
  name: step.do,
  patient: step.patient,
  result: await run(w.consentry.enrolPortal({ patientId: step.patient }, step.ctx)),
});

const LIST_ENTRY = {
  allowOrganisation: 'allowed',
  prohibitOrganisation: 'prohibited',
  removeFromPracticeLists: undefined,
} as const;
export const list =
  (name: ListCommand) =>
  async (
    w: TrustWorld,
    step: {
      readonly as: ActorKey;
      readonly ctx: Ctx;
      readonly practice: PracticeKey;
      readonly org: OrgRef;
    },
  ): Promise<Executed> => {
    const org = resolve(step.as, step.org);
    const input = { practiceId: idOf(step.practice), organisationId: idOf(org) };
    return {
      name,
      result: await run(w.consentry[name](input, step.ctx)),
      applied: { do: 'list', practice: step.practice, org, entry: LIST_ENTRY[name] },
    };
  };

export const changeHomeArea: Handler<'changeHomeArea'> = async (w, step) => {
  const input = { patientId: step.patient, homeArea: step.area };
  return {
    name: step.do,
    patient: step.patient,
    result: await run(w.consentry.changeHomeArea(input, step.ctx)),
    applied: { do: 'homeArea', patient: step.patient, area: step.area },
  };
};
