/**
 * An HTTP refusal raised inside a hook or handler. It is Fastify's way of ending a request
 * early; the error handler turns it into application/problem+json or an HTML error page.
 */
export interface HttpProblem extends Error {
  readonly statusCode: number;
  readonly title: string;
  readonly detail: string;
  /** The request field at fault, when there is one. */
  readonly field?: string;
  /** The domain error tag behind it (e.g. `CodeRejected`). */
  readonly tag?: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export const httpProblem = (
  statusCode: number,
  title: string,
  detail: string,
  more: { field?: string; tag?: string; extra?: Readonly<Record<string, unknown>> } = {},
): HttpProblem => Object.assign(new Error(detail), { statusCode, title, detail, ...more });

export const isHttpProblem = (e: unknown): e is HttpProblem =>
  e instanceof Error && typeof (e as { title?: unknown }).title === 'string' && 'detail' in e;

/** The RFC 9457 body. `type` points into the API description so a client can look the problem up. */
export const problemBody = (problem: HttpProblem, instance: string): Record<string, unknown> => ({
  type: `/api/v1/openapi.json#/components/schemas/${problem.tag ?? 'Problem'}`,
  title: problem.title,
  status: problem.statusCode,
  detail: problem.detail,
  instance,
  ...(problem.field === undefined ? {} : { field: problem.field }),
  ...(problem.tag === undefined ? {} : { error: problem.tag }),
  ...problem.extra,
});
