import { idOf, resolve, run, type Handler } from './trustExecuted.js';
import { nhsNumberOf, ORGANISATIONS } from './trustWorld.js';

/** The directory and registration commands, by whoever the step names. */
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
