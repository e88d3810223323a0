import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Document, LineCounter } from 'yaml';
import {
  Scenario,
  type ScenarioOrganisation,
  type ScenarioPatient,
  type ScenarioPolicy,
} from './codecs.js';
import {
  describeValidationError,
  errorPath,
  formatPath,
  scenarioFileError,
  type ScenarioFileError,
} from './errors.js';
import { referenceErrors } from './references.js';
import type { Step } from './steps.js';

/** A step with where it was written, so every result can point back at the file. */
export interface LocatedStep {
  /** 0-based position in `steps`. */
  readonly index: number;
  /** 1-based line of the step in the file. */
  readonly line: number;
  readonly step: Step;
}

/** A scenario file that matched the schema. */
export interface ParsedScenario {
  readonly file: string;
  readonly name: string;
  readonly start: Date;
  readonly policy: ScenarioPolicy;
  readonly organisations: readonly ScenarioOrganisation[];
  readonly patients: readonly ScenarioPatient[];
  readonly steps: readonly LocatedStep[];
  /** 1-based lines of each declared organisation and patient, for set-up errors. */
  readonly lines: {
    readonly organisations: readonly number[];
    readonly patients: readonly number[];
  };
}

type Yaml = typeof import('yaml');
// `yaml` is an optional peer of core: only the scenario loader needs it, so it is loaded
// on first use and the rest of the testing kit works without it.
let yamlModule: Promise<Yaml> | undefined;
const loadYaml = (file: string): TE.TaskEither<readonly ScenarioFileError[], Yaml> =>
  TE.tryCatch(
    () => (yamlModule ??= import('yaml')),
    () => [
      scenarioFileError(
        'unreadable',
        file,
        undefined,
        '',
        'reading scenarios needs the "yaml" package (2.9.x) installed',
      ),
    ],
  );

/** The 1-based line of the node at `path`, or of its nearest ancestor that exists. */
const lineOf = (
  yaml: Yaml,
  doc: Document,
  counter: LineCounter,
  path: readonly string[],
): number => {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (yaml.isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
};

// yaml's messages end with "at line L, column C:" and a code excerpt; the line is reported separately.
const firstLine = (message: string): string =>
  (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');

const syntaxErrors = (doc: Document, file: string): readonly ScenarioFileError[] =>
  doc.errors.map((error) =>
    scenarioFileError('yaml', file, error.linePos?.[0].line, '', firstLine(error.message)),
  );

const decode = (
  yaml: Yaml,
  text: string,
  file: string,
): E.Either<readonly ScenarioFileError[], ParsedScenario> => {
  const counter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) return E.left(syntaxErrors(doc, file));
  const at = (path: readonly string[]) => lineOf(yaml, doc, counter, path);
  const decoded = Scenario.decode(doc.toJS());
  if (E.isLeft(decoded))
    return E.left(
      decoded.left.map((error) => {
        const path = errorPath(error);
        return scenarioFileError(
          'schema',
          file,
          at(path),
          formatPath(path),
          describeValidationError(error),
        );
      }),
    );
  const scenario = decoded.right;
  const references = referenceErrors(scenario, at, file);
  if (references.length > 0) return E.left(references);
  return E.right({
    file,
    name: scenario.scenario,
    start: scenario.start,
    policy: scenario.policy ?? {},
    organisations: scenario.organisations,
    patients: scenario.patients,
    steps: scenario.steps.map((step, index) => ({
      index,
      line: at(['steps', String(index)]),
      step,
    })),
    lines: {
      organisations: scenario.organisations.map((_, i) => at(['organisations', String(i)])),
      patients: scenario.patients.map((_, i) => at(['patients', String(i)])),
    },
  });
};

/** Parses scenario text; `file` names it in every error. Errors are values with file, line and field. */
export const parseScenario = (
  text: string,
  file: string,
): TE.TaskEither<readonly ScenarioFileError[], ParsedScenario> =>
  pipe(
    loadYaml(file),
    TE.flatMap((yaml) => TE.fromEither(decode(yaml, text, file))),
  );

/** Reads and parses one scenario file. */
export const loadScenarioFile = (
  path: string,
): TE.TaskEither<readonly ScenarioFileError[], ParsedScenario> =>
  pipe(
    TE.tryCatch(
      () => readFile(path, 'utf8'),
      (error) => [
        scenarioFileError(
          'unreadable',
          path,
          undefined,
          '',
          `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        ),
      ],
    ),
    TE.flatMap((text) => parseScenario(text, path)),
  );
