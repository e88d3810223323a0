import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { fieldProblems } from '@consentry/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../host/principal.js';

/** A field error shown beside its input and in the error summary at the top of the page. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The posted form as plain strings (formbody gives strings or arrays of them). */
export const formOf = (request: FastifyRequest): Readonly<Record<string, string>> =>
  Object.fromEntries(
    Object.entries((request.body as Record<string, unknown> | null) ?? {}).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '',
    ]),
  );

/** Decodes a form with a codec; failures become field errors for the error summary. */
export const decodeForm = <A>(
  codec: t.Decoder<unknown, A>,
  input: unknown,
): E.Either<readonly FieldError[], A> => E.mapLeft(fieldProblems)(codec.decode(input));

/** Where each role starts. */
export const homeOf = (principal: Principal | null): string => {
  switch (principal?.kind) {
    case undefined:
      return '/';
    case 'patient':
      return '/patient';
    case 'organisation-staff':
      return '/organisation';
    case 'practice-staff':
      return '/practice';
    case 'privacy-officer':
    case 'auditor':
      return '/alerts';
    case 'proxy':
      return '/proxy';
  }
};
