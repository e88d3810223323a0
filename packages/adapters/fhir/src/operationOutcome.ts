import { profiles, systems } from './codeSystems.js';
import type { IssueType, OperationOutcome, OperationOutcomeIssue } from './types.js';

const byStatus: Readonly<Record<number, IssueType>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  406: 'not-supported',
  409: 'conflict',
  410: 'expired',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
  503: 'transient',
};

/** The R4 issue type for an HTTP status, when nothing more precise is known. */
export const issueTypeForStatus = (status: number): IssueType =>
  byStatus[status] ?? (status >= 500 ? 'exception' : 'processing');

export interface Problem {
  readonly code: IssueType;
  /** What went wrong, for a person. */
  readonly text: string;
  /** Consentry's error tag (e.g. `NotPermitted`), kept as a coding a program can test. */
  readonly tag?: string;
  /** FHIRPath of the element at fault (`Consent.provision.actor[0]`) or `http.<parameter>`. */
  readonly expression?: string;
  readonly severity?: OperationOutcomeIssue['severity'];
}

/** An OperationOutcome of one issue per problem (severity `error` unless given). */
export const operationOutcome = (problems: readonly Problem[]): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  meta: { profile: [profiles.operationOutcome] },
  issue: problems.map((p) => ({
    severity: p.severity ?? 'error',
    code: p.code,
    details: {
      ...(p.tag === undefined ? {} : { coding: [{ system: systems.consentryError, code: p.tag }] }),
      text: p.text,
    },
    ...(p.expression === undefined ? {} : { expression: [p.expression] }),
  })),
});
