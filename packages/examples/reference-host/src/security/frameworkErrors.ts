import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { httpProblem, problemBody, type HttpProblem } from '../host/problem.js';

/**
 * Errors Fastify and Node answer before any route or hook runs (an unreadable or too long
 * address, headers too large, a client too slow), in the API's problem+json format. Their
 * own answers echo the address, which can hold an NHS number; these never do.
 */
const problemOf = (code: string | undefined): HttpProblem => {
  switch (code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return httpProblem(414, 'Address too long', 'A part of the address is too long.', {
        tag: 'InvalidInput',
        field: '(path)',
      });
    case 'FST_ERR_BAD_URL':
      return httpProblem(400, 'Bad request', 'The address is not valid.', {
        tag: 'InvalidInput',
        field: '(path)',
      });
    case 'HPE_HEADER_OVERFLOW':
      return httpProblem(431, 'Headers too large', 'The address or headers are too large.', {
        tag: 'InvalidInput',
        field: '(headers)',
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return httpProblem(408, 'Request timeout', 'The request took too long to arrive.', {
        tag: 'Timeout',
      });
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return httpProblem(500, 'Something went wrong', 'Something went wrong on our side.', {
        tag: 'InternalError',
      });
    default:
      return httpProblem(400, 'Bad request', 'The request could not be read.', {
        tag: 'InvalidInput',
        field: '(request)',
      });
  }
};

/** Fastify's `frameworkErrors`: router errors, answered as problems. */
export const frameworkErrors = (
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void => {
  const problem = problemOf(error.code);
  void reply
    .code(problem.statusCode)
    .header('cache-control', 'no-store')
    .type('application/problem+json')
    .send(problemBody(problem, 'unmatched'));
};

/** Fastify's `clientErrorHandler`: what Node's HTTP parser refuses, answered on the socket. */
export const clientErrorHandler = (error: Error & { code?: string }, socket: Socket): void => {
  // A reset connection has nobody to answer (as Fastify's own handler does).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = problemOf(error.code);
  const body = JSON.stringify(problemBody(problem, 'unmatched'));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${problem.statusCode} ${problem.title}\r\nContent-Type: application/problem+json\r\n` +
        `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
};
