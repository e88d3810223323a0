import type { FastifyReply } from 'fastify';
import type { ConsentryError } from '@consentry/core';
import {
  issueTypeForStatus,
  operationOutcome,
  type IssueType,
  type OperationOutcome,
  type Problem,
} from '@consentry/fhir';
import { isHttpProblem, type HttpProblem } from '../host/problem.js';
import { problemFromError } from '../http/problems.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * A refusal on the FHIR API: the HTTP status and the OperationOutcome that explains it. An
 * Error, like the host's HttpProblem, so handlers can throw it and the FHIR error handler answers.
 */
export interface FhirFailure extends Error {
  readonly _tag: 'FhirFailure';
  readonly status: number;
  readonly outcome: OperationOutcome;
  readonly headers?: Readonly<Record<string, string>>;
}

export const fhirFailure = (
  status: number,
  problems: readonly Problem[],
  headers?: Readonly<Record<string, string>>,
): FhirFailure =>
  Object.assign(new Error(problems[0]?.text ?? `FHIR ${status}`), {
    _tag: 'FhirFailure' as const,
    status,
    outcome: operationOutcome(problems),
    ...(headers === undefined ? {} : { headers }),
  });

export const isFhirFailure = (e: unknown): e is FhirFailure =>
  typeof e === 'object' && e !== null && (e as { _tag?: unknown })._tag === 'FhirFailure';

/** One problem, the issue type following from the status unless given. */
export const failure = (
  status: number,
  text: string,
  more: { code?: IssueType; expression?: string; tag?: string } = {},
): FhirFailure =>
  fhirFailure(status, [
    {
      code: more.code ?? issueTypeForStatus(status),
      text,
      ...(more.expression === undefined ? {} : { expression: more.expression }),
      ...(more.tag === undefined ? {} : { tag: more.tag }),
    },
  ]);

/** The host's own refusals (sign in, not allowed, rate limit) keep their status and tag. */
const fromHttpProblem = (problem: HttpProblem): FhirFailure => {
  const retry = problem.extra?.['retryAfterSeconds'];
  const f = failure(problem.statusCode, problem.detail, {
    ...(problem.tag === undefined ? {} : { tag: problem.tag }),
    ...(problem.field === undefined ? {} : { expression: `http.${problem.field}` }),
  });
  return retry === undefined
    ? f
    : Object.assign(f, { headers: { 'retry-after': String(Number(retry)) } });
};

/** Domain errors by the same table as /api/v1 (http/problems.ts): NotPermitted is 403, and so on. */
export const fromConsentryError = (error: ConsentryError): FhirFailure =>
  fromHttpProblem(problemFromError(error));

/** Fastify's own errors: bad JSON, body too large, unsupported media type. */
const fromFramework = (error: { statusCode?: number; message?: string }): FhirFailure => {
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
      ? error.statusCode
      : 500;
  if (status === 415)
    return failure(415, 'Send the resource as application/fhir+json (or application/json).');
  if (status === 413) return failure(413, 'The request body is too large.');
  if (status === 429)
    return Object.assign(failure(429, 'Too many requests. Wait a minute and try again.'), {
      headers: { 'retry-after': '60' },
    });
  if (status >= 400 && status < 500)
    return failure(400, 'The request could not be read as JSON.', { code: 'structure' });
  return failure(500, 'Something went wrong on our side. Try again later.');
};

const isConsentryError = (e: unknown): e is ConsentryError =>
  typeof e === 'object' &&
  e !== null &&
  !(e instanceof Error) &&
  typeof (e as { _tag?: unknown })._tag === 'string';

/** Any failure a FHIR handler meets, as the status and OperationOutcome to answer. */
export const toFailure = (error: unknown): FhirFailure => {
  if (isFhirFailure(error)) return error;
  if (isHttpProblem(error)) return fromHttpProblem(error);
  if (isConsentryError(error)) return fromConsentryError(error);
  return fromFramework(error as { statusCode?: number });
};

export const sendFailure = (reply: FastifyReply, f: FhirFailure): FastifyReply =>
  reply
    .code(f.status)
    .headers(f.headers ?? {})
    .type(FHIR_JSON)
    .send(JSON.stringify(f.outcome));

export const sendResource = (
  reply: FastifyReply,
  status: number,
  resource: unknown,
): FastifyReply => reply.code(status).type(FHIR_JSON).send(JSON.stringify(resource));
