import type { ExpectKey } from '../expect.js';
import type { Verb } from '../steps.js';

/** One expectation that did not hold (or an error nobody expected): what the file said, what happened. */
export interface FailedExpectation {
  /**
   * An `expect` key, `error` for an unexpected rejection, `code` when no code had been sent,
   * or `alert` when a review names no single open alert.
   */
  readonly key: ExpectKey | 'code' | 'alert';
  readonly expected: string;
  readonly actual: string;
}

export interface StepResult {
  /** 0-based position in `steps`. */
  readonly index: number;
  /** 1-based line of the step in the file. */
  readonly line: number;
  readonly verb: Verb;
  /** A one-line account of what happened, such as `verify (sms)` or `rejected: CodeRejected`. */
  readonly summary: string;
  readonly passed: boolean;
  readonly failures: readonly FailedExpectation[];
}

/** A declared organisation or patient that Consentry refused to register. */
export interface SetupFailure {
  readonly line: number;
  readonly what: string;
  readonly message: string;
}

export interface ScenarioResult {
  readonly file: string;
  readonly name: string;
  /** Empty unless the world of the file could not be set up; then no step ran. */
  readonly setupFailures: readonly SetupFailure[];
  readonly steps: readonly StepResult[];
  readonly passed: boolean;
}

/** `file:line: step 3 enterCode: outcome expected permit, got deny` — one line per failure. */
export const formatFailure = (file: string, step: StepResult, failure: FailedExpectation): string =>
  `${file}:${step.line}: step ${step.index + 1} ${step.verb}: ${failure.key} expected ${failure.expected}, got ${failure.actual}`;

/** Every failure of a run as `file:line` lines; empty when it passed. */
export const failureLines = (result: ScenarioResult): readonly string[] => [
  ...result.setupFailures.map(
    (f) => `${result.file}:${f.line}: setup of ${f.what} failed: ${f.message}`,
  ),
  ...result.steps.flatMap((step) =>
    step.failures.map((failure) => formatFailure(result.file, step, failure)),
  ),
];
