import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { formatScenarioFileError, type ScenarioFileError } from './errors.js';
import { loadScenarioFile } from './load.js';
import { failureLines, type ScenarioResult } from './run/results.js';
import { runScenario, type RunScenarioOptions } from './run/run.js';

/** The scenario files of a folder (`.yaml` / `.yml`), sorted by name. */
export const scenarioFiles = (folder: string): readonly string[] =>
  readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(folder, name));

/** Loads and runs one file: the file's problems (it never ran), or its run. */
export const runScenarioFile = async (
  path: string,
  options: RunScenarioOptions = {},
): Promise<E.Either<readonly ScenarioFileError[], ScenarioResult>> => {
  const loaded = await loadScenarioFile(path)();
  return E.isLeft(loaded) ? loaded : E.right(await runScenario(loaded.right, options));
};

interface JestGlobals {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
}

/**
 * Registers one jest test per scenario file of `folder`; a failing test lists every failed
 * expectation as `file:line: ... expected X, got Y`. Call it at the top level of a spec file.
 */
export const scenarioTests = (folder: string, options: RunScenarioOptions = {}): void => {
  // Read at call time, so importing the testing kit outside a test runner does not fail.
  const { describe, it } = globalThis as unknown as Partial<JestGlobals>;
  if (describe === undefined || it === undefined)
    throw new Error('scenarioTests registers jest tests: call it from a spec file');
  const files = scenarioFiles(folder);
  describe(`scenarios in ${folder}`, () => {
    if (files.length === 0)
      it('has scenario files', () => Promise.reject(new Error(`no .yaml files in ${folder}`)));
    for (const file of files)
      it(file.slice(folder.length + 1), async () => {
        const run = await runScenarioFile(file, options);
        if (E.isLeft(run)) throw new Error(run.left.map(formatScenarioFileError).join('\n'));
        if (!run.right.passed) throw new Error(failureLines(run.right).join('\n'));
      });
  });
};
