import * as E from 'fp-ts/lib/Either.js';
import type { ParsedScenario } from '../load.js';
import { asPatient, asSystem } from './actors.js';
import type { SetupFailure } from './results.js';
import { rememberAddresses, type World } from './world.js';

// Optional details a file may leave out get plain defaults: an ODS code from the position
// in the list, the id as the name, a fixed date of birth.
const odsCode = (index: number): string => `SCN${String(index + 1).padStart(3, '0')}`;

const registerOrganisations = async (world: World) => {
  const failures: SetupFailure[] = [];
  for (const [index, o] of world.scenario.organisations.entries()) {
    const input = {
      organisationId: o.id,
      odsCode: o.odsCode ?? odsCode(index),
      name: o.name ?? o.id,
      kind: o.kind,
      area: o.area,
    };
    const done = await world.consentry.registerOrganisation(input, asSystem)();
    if (E.isLeft(done))
      failures.push({
        line: world.scenario.lines.organisations[index] ?? 1,
        what: `organisation ${o.id}`,
        message: `${done.left._tag}: ${done.left.message}`,
      });
  }
  return failures;
};

const registerPatient = async (
  world: World,
  p: ParsedScenario['patients'][number],
): Promise<string | undefined> => {
  const c = world.consentry;
  const registered = await c.registerPatient(
    {
      patientId: p.id,
      nhsNumber: p.nhsNumber,
      name: p.name ?? p.id,
      dateOfBirth: p.dateOfBirth ?? '1980-01-01',
      homeArea: p.homeArea,
      practiceId: p.practice,
    },
    asSystem,
  )();
  if (E.isLeft(registered)) return `${registered.left._tag}: ${registered.left.message}`;
  if (p.mobile !== undefined || p.email !== undefined) {
    const contact = {
      patientId: p.id,
      ...(p.mobile === undefined ? {} : { mobile: p.mobile }),
      ...(p.email === undefined ? {} : { email: p.email }),
      ...(p.preferred === undefined ? {} : { preferredChannel: p.preferred }),
    };
    const recorded = await c.recordContactDetails(contact, asPatient(p.id))();
    if (E.isLeft(recorded)) return `${recorded.left._tag}: ${recorded.left.message}`;
  }
  if (p.portal === true) {
    const enrolled = await c.enrolPortal({ patientId: p.id }, asPatient(p.id))();
    if (E.isLeft(enrolled)) return `${enrolled.left._tag}: ${enrolled.left.message}`;
  }
  await rememberAddresses(world, p.id);
  return undefined;
};

/** Registers the file's organisations and patients at `start`; what Consentry refuses is reported with its line. */
export const setUpWorld = async (world: World): Promise<readonly SetupFailure[]> => {
  const failures = [...(await registerOrganisations(world))];
  if (failures.length > 0) return failures;
  for (const [index, p] of world.scenario.patients.entries()) {
    const problem = await registerPatient(world, p);
    if (problem !== undefined)
      failures.push({
        line: world.scenario.lines.patients[index] ?? 1,
        what: `patient ${p.id}`,
        message: problem,
      });
  }
  return failures;
};
