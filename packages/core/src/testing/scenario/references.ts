import type { Scenario } from './codecs.js';
import { formatPath, scenarioFileError, type ScenarioFileError } from './errors.js';

// Patients point at their practice by id; a dangling id is a mistake in the file, not a story.
export const referenceErrors = (
  scenario: Scenario,
  at: (path: readonly string[]) => number,
  file: string,
) => {
  const orgIds = scenario.organisations.map((o) => o.id);
  const errors: ScenarioFileError[] = [];
  const duplicate = (ids: readonly string[], list: string) =>
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        const path = [list, String(i), 'id'];
        errors.push(
          scenarioFileError(
            'schema',
            file,
            at(path),
            formatPath(path),
            `"${id}" is declared twice`,
          ),
        );
      }
    });
  duplicate(orgIds, 'organisations');
  duplicate(
    scenario.patients.map((p) => p.id),
    'patients',
  );
  scenario.patients.forEach((patient, i) => {
    if (!orgIds.includes(patient.practice)) {
      const path = ['patients', String(i), 'practice'];
      const message = `"${patient.practice}" is not one of the organisations (${orgIds.join(', ')})`;
      errors.push(scenarioFileError('schema', file, at(path), formatPath(path), message));
    }
  });
  return errors;
};
