import { statSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import type { Command } from 'commander';
import {
  formatFailure,
  formatScenarioFileError,
  runScenarioFile,
  scenarioFiles,
  type ScenarioFileError,
  type ScenarioResult,
} from '@consentry/core/testing';

/** Exit statuses of `consentry simulate`. */
export const SIMULATE_PASSED = 0;
export const SIMULATE_FAILED = 1;
export const SIMULATE_BAD_FILE = 2;

type Write = (text: string) => void;

// A folder stands for the scenario files in it, so `consentry simulate scenarios/` runs a library.
const expand = (paths: readonly string[]): readonly string[] =>
  paths.flatMap((path) => {
    try {
      return statSync(path).isDirectory() ? scenarioFiles(path) : [path];
    } catch {
      return [path]; // reported as unreadable when loaded
    }
  });

const printRun = (result: ScenarioResult, write: Write): void => {
  write(`${result.passed ? '✓' : '✗'} ${result.file} — ${result.name}\n`);
  for (const failure of result.setupFailures)
    write(
      `    ${result.file}:${failure.line}: setting up ${failure.what} failed: ${failure.message}\n`,
    );
  for (const step of result.steps) {
    write(
      `  ${step.passed ? '✓' : '✗'} line ${String(step.line).padEnd(4)} ${step.verb.padEnd(20)} ${step.summary}\n`,
    );
    for (const failure of step.failures)
      write(`      ${formatFailure(result.file, step, failure)}\n`);
  }
};

const printProblems = (
  file: string,
  problems: readonly ScenarioFileError[],
  write: Write,
): void => {
  write(
    `✗ ${file} — not run: ${problems[0]?.kind === 'unreadable' ? 'cannot be read' : 'does not match the scenario format'}\n`,
  );
  for (const problem of problems) write(`    ${formatScenarioFileError(problem)}\n`);
};

/**
 * Runs scenario files (or folders of them) and prints each step with a mark, every failed
 * expectation with file:line, and a summary. Returns the exit status: 0 all passed,
 * 1 an expectation failed, 2 a file could not be read or does not match the format.
 */
export const simulate = async (paths: readonly string[], write: Write): Promise<number> => {
  let passed = 0;
  let failed = 0;
  let broken = 0;
  let steps = 0;
  let failedSteps = 0;
  for (const file of expand(paths)) {
    const run = await runScenarioFile(file);
    if (E.isLeft(run)) {
      broken += 1;
      printProblems(file, run.left, write);
      continue;
    }
    printRun(run.right, write);
    if (run.right.passed) passed += 1;
    else failed += 1;
    steps += run.right.steps.length;
    failedSteps += run.right.steps.filter((s) => !s.passed).length;
  }
  const files = passed + failed + broken;
  write(
    `\n${files} scenario file${files === 1 ? '' : 's'}: ${passed} passed, ${failed} failed, ${broken} not run; ` +
      `${steps} steps, ${failedSteps} failed\n`,
  );
  return broken > 0 ? SIMULATE_BAD_FILE : failed > 0 ? SIMULATE_FAILED : SIMULATE_PASSED;
};

/** `consentry simulate FILE...`: runs scenario files on an in-memory store (docs/scenarios.md). */
export const register = (program: Command): void => {
  program
    .command('simulate')
    .description(
      'Run scenario files (YAML access stories, or folders of them) and check their expectations',
    )
    .argument('<files...>', 'scenario files or folders')
    .action(async (files: string[]) => {
      process.exitCode = await simulate(files, (text) => process.stdout.write(text));
    });
};
