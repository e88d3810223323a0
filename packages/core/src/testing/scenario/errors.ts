import type * as t from 'io-ts';

/** Why a scenario file could not be used: it could not be read, is not YAML, or does not match the schema. */
export type ScenarioFileErrorKind = 'unreadable' | 'yaml' | 'schema';

/** A problem with a scenario file, as a value: where it is and what is wrong, never a stack trace. */
export interface ScenarioFileError {
  readonly _tag: 'ScenarioFileError';
  readonly kind: ScenarioFileErrorKind;
  readonly file: string;
  /** 1-based; absent when the file could not be read at all. */
  readonly line?: number;
  /** The field's path, such as `steps[2].expect.outcome`; empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

export const scenarioFileError = (
  kind: ScenarioFileErrorKind,
  file: string,
  line: number | undefined,
  field: string,
  message: string,
): ScenarioFileError => ({
  _tag: 'ScenarioFileError',
  kind,
  file,
  ...(line === undefined ? {} : { line }),
  field,
  message,
});

/** `steps[2].expect.outcome` from a key path. */
export const formatPath = (path: readonly (string | number)[]): string =>
  path.reduce<string>(
    (out, key) =>
      typeof key === 'number' || /^\d+$/.test(key)
        ? `${out}[${key}]`
        : out === ''
          ? key
          : `${out}.${key}`,
    '',
  );

/** The key path of an io-ts error, without the root entry. */
export const errorPath = (error: t.ValidationError): readonly string[] =>
  error.context.slice(1).map((entry) => entry.key);

const show = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : typeof value === 'string'
      ? `"${value}"`
      : JSON.stringify(value);

/** A plain-English message for one io-ts error: what was expected, and what the file had. */
export const describeValidationError = (error: t.ValidationError): string => {
  if (error.message !== undefined) return error.message;
  const expected = error.context[error.context.length - 1]?.type.name ?? 'a value';
  return error.value === undefined
    ? `missing; expected ${expected}`
    : `expected ${expected}, got ${show(error.value)}`;
};

/** `file:line: field: message`, the form every tool prints. */
export const formatScenarioFileError = (e: ScenarioFileError): string =>
  `${e.file}${e.line === undefined ? '' : `:${e.line}`}: ${e.field === '' ? '' : `${e.field}: `}${e.message}`;
