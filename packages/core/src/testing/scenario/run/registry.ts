import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Alert } from '../../../application/results.js';
import type { Step } from '../steps.js';
import { actor, asPrivacyOfficerOf, asSystem } from './actors.js';
import { nothing, type Run } from './performed.js';
import type { World } from './world.js';

/** Steps about the directory and the privacy officers' alerts, rather than one organisation's care. */
export type RegistryStep = Extract<
  Step,
  { verb: 'registerPatient' | 'registerOrganisation' | 'closeOrganisation' | 'reviewAlert' }
>;

// A patient registered by a step, as the host registers one (a second registration of an NHS
// number is the story of one patient per NHS number). Their practice is remembered for `as: practice`.
const registerPatient = (world: World, step: Extract<Step, { verb: 'registerPatient' }>): Run => {
  const { patient, nhsNumber, homeArea, practice, name, dateOfBirth } = step.args;
  return pipe(
    world.consentry.registerPatient(
      {
        patientId: patient,
        nhsNumber,
        name: name ?? patient,
        dateOfBirth: dateOfBirth ?? '1980-01-01',
        homeArea,
        practiceId: practice,
      },
      actor(world, step, () => asSystem),
    ),
    TE.map((receipt) => {
      world.practices.set(patient, practice);
      return receipt;
    }),
    nothing,
  );
};

// An ODS code for an organisation registered by a step that gives none: from its id.
const odsCodeFor = (organisationId: string): string =>
  `S${organisationId.replace(/[^a-z0-9]/gi, '').toUpperCase()}XX`.slice(0, 10);

const registerOrganisation = (
  world: World,
  step: Extract<Step, { verb: 'registerOrganisation' }>,
): Run => {
  const { organisation, kind, area, name, odsCode } = step.args;
  return pipe(
    world.consentry.registerOrganisation(
      {
        organisationId: organisation,
        odsCode: odsCode ?? odsCodeFor(organisation),
        name: name ?? organisation,
        kind,
        area,
      },
      actor(world, step, () => asSystem),
    ),
    TE.map((receipt) => {
      world.organisationKinds.set(organisation, kind);
      return receipt;
    }),
    nothing,
  );
};

type ReviewArgs = Extract<Step, { verb: 'reviewAlert' }>['args'];

const matches = (args: ReviewArgs) => (alert: Alert) =>
  (args.patient === undefined || alert.patientId === args.patient) &&
  (args.organisation === undefined || alert.organisationId === args.organisation) &&
  (args.kind === undefined || alert.kind === args.kind);

const describeWanted = (args: ReviewArgs): string =>
  [
    'one open alert',
    args.kind === undefined ? '' : `of kind ${args.kind}`,
    args.patient === undefined ? '' : `about ${args.patient}`,
    args.organisation === undefined ? '' : `caused at ${args.organisation}`,
  ]
    .filter((part) => part !== '')
    .join(' ');

// The alert is the only open one matching the step's patient, organisation and kind; without
// `as:` the privacy officer of the organisation that caused it reviews it.
const reviewAlert = async (
  world: World,
  step: Extract<Step, { verb: 'reviewAlert' }>,
): Promise<Run> => {
  const open = await world.consentry.alerts({ status: 'open' })();
  if (E.isLeft(open)) return TE.left(open.left);
  const found = open.right.filter(matches(step.args));
  const [alert, another] = found;
  if (alert === undefined || another !== undefined)
    return {
      key: 'alert',
      expected: describeWanted(step.args),
      actual: `${found.length} open alerts match`,
    };
  const { outcome, notes } = step.args;
  return nothing(
    world.consentry.reviewAlert(
      { alertId: alert.alertId, outcome, ...(notes === undefined ? {} : { notes }) },
      actor(world, step, () => asPrivacyOfficerOf(alert.organisationId)),
    ),
  );
};

/** Runs a registration, a closure or a review: the directory's steps and the privacy officers'. */
export const performOnRegistry = (world: World, step: RegistryStep): Run | Promise<Run> => {
  switch (step.verb) {
    case 'registerPatient':
      return registerPatient(world, step);
    case 'registerOrganisation':
      return registerOrganisation(world, step);
    case 'closeOrganisation':
      return nothing(
        world.consentry.closeOrganisation(
          { organisationId: step.args.organisation },
          actor(world, step, () => asSystem),
        ),
      );
    case 'reviewAlert':
      return reviewAlert(world, step);
  }
};
