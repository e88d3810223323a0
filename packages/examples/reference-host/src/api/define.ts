import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldProblems, type ConsentryError, type PatientDetails } from '@consentry/core';
import { httpProblem, isHttpProblem, type HttpProblem } from '../host/problem.js';
import { role } from '../security/access.js';
import { mayActFor, type PatientRelation } from '../security/patientAccess.js';
import type { Principal } from '../host/principal.js';
import type { RouteContext } from '../http/context.js';
import { jsonSchemaOf } from './jsonSchema.js';
import { problemFromError } from '../http/problems.js';
import { COMMIT_TOKEN_HEADER, isCommitToken } from '../host/replica.js';

type Kind = Principal['kind'];
type Codec = t.Type<unknown, unknown, unknown> | t.Any;
type Decoded<C> = C extends t.Any ? t.TypeOf<C> : Record<string, never>;

export interface HandlerInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: Principal;
  /** The patient the request names (when `patient` is declared), already checked. */
  readonly patient: PatientDetails;
  readonly request: FastifyRequest;
}

/**
 * One API operation: the single source of truth for routing, input decoding, who may call
 * it, and the OpenAPI document (see openapi.ts).
 */
export interface ApiRoute<
  P extends Codec | undefined = Codec | undefined,
  Q extends Codec | undefined = Codec | undefined,
  B extends Codec | undefined = Codec | undefined,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path below /api/v1, e.g. `/patients/:nhsNumber/sharing`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly roles: readonly Kind[];
  /** Names the patient the call is about and how the caller must stand to them. */
  readonly patient?: {
    readonly from: (input: { params: Decoded<P>; query: Decoded<Q>; body: Decoded<B> }) => string;
    readonly relations: readonly PatientRelation[];
  };
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly success: {
    readonly status: 200 | 201 | 204;
    readonly description: string;
    readonly schema?: string;
  };
  /** Problem statuses this operation can answer with, besides 400/401/403/429. */
  readonly problems?: readonly number[];
  readonly rateLimited?: boolean;
  readonly handler: (
    input: HandlerInput<Decoded<P>, Decoded<Q>, Decoded<B>>,
  ) => TE.TaskEither<ConsentryError | HttpProblem, unknown>;
}

/** Keeps each route's codec types flowing into its handler. */
export const route = <
  P extends Codec | undefined = undefined,
  Q extends Codec | undefined = undefined,
  B extends Codec | undefined = undefined,
>(
  definition: ApiRoute<P, Q, B>,
): ApiRoute => definition;

// A codec's field names, worked out once per codec rather than once per request.
const knownKeys = new WeakMap<Codec, readonly string[]>();
const knownKeysOf = (codec: Codec): readonly string[] => {
  const cached = knownKeys.get(codec);
  if (cached !== undefined) return cached;
  const keys = Object.keys((jsonSchemaOf(codec)['properties'] as object | undefined) ?? {});
  knownKeys.set(codec, keys);
  return keys;
};

/**
 * io-ts keeps keys a codec does not name, and a stray `patientId` in a body must never reach
 * the facade: bodies with unknown fields are refused, path and query are cut to known keys.
 */
const onlyKnownKeys = (
  codec: Codec,
  value: unknown,
  where: string,
): E.Either<HttpProblem, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return E.right(value);
  const known = knownKeysOf(codec);
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length === 0) return E.right(value);
  if (where === 'body')
    return E.left(
      httpProblem(
        400,
        'Invalid input',
        `body.${unknown[0]!.slice(0, 64)} is not a field of this request`,
        {
          tag: 'InvalidInput',
          field: `body.${unknown[0]!.slice(0, 64)}`,
        },
      ),
    );
  return E.right(Object.fromEntries(Object.entries(value).filter(([key]) => known.includes(key))));
};

const decodePart = (
  codec: Codec | undefined,
  raw: unknown,
  where: string,
): E.Either<HttpProblem, unknown> => {
  if (codec === undefined) return E.right({});
  if (
    where === 'body' &&
    raw !== undefined &&
    (typeof raw !== 'object' || raw === null || Array.isArray(raw))
  )
    return E.left(
      httpProblem(400, 'Invalid input', 'The body must be a JSON object', {
        tag: 'InvalidInput',
        field: 'body',
      }),
    );
  const known = onlyKnownKeys(codec, raw ?? {}, where);
  if (E.isLeft(known)) return known;
  const value = known.right;
  const decoded = codec.decode(value);
  if (E.isRight(decoded)) return decoded;
  const problems = fieldProblems(decoded.left);
  const first = problems[0];
  return E.left(
    httpProblem(400, 'Invalid input', problems.map((p) => p.message).join('; '), {
      tag: 'InvalidInput',
      field: first === undefined ? where : `${where}.${first.field}`,
      extra: { problems: problems.map((p) => ({ ...p, field: `${where}.${p.field}` })) },
    }),
  );
};

/**
 * A GET sent `Consentry-Commit-Token` (from a command's answer) reads on the replica once it
 * has replayed that token, else on the primary (docs/reference-host.md, "Read replicas").
 * Without a replica the header changes nothing; a malformed one is refused either way.
 */
const readingAt = (
  ctx: RouteContext,
  request: FastifyRequest,
): (<A>(work: () => Promise<A>) => Promise<A>) => {
  const raw = request.headers[COMMIT_TOKEN_HEADER];
  if (raw === undefined || request.method !== 'GET') return (work) => work();
  if (typeof raw !== 'string' || !isCommitToken(raw))
    throw httpProblem(
      400,
      'Invalid input',
      'Consentry-Commit-Token must be the commitToken of a command’s answer (e.g. 0/3000148)',
      { tag: 'InvalidInput', field: 'header.consentry-commit-token' },
    );
  const reads = ctx.replicaReads;
  return reads === undefined ? (work) => work() : (work) => reads.withToken(raw, work);
};

/** A command's commit token, from its receipt (the answer itself or its `receipt`). */
const commitTokenOf = (result: unknown): string | undefined => {
  if (typeof result !== 'object' || result === null) return undefined;
  const value = result as { commitToken?: unknown; receipt?: { commitToken?: unknown } };
  const token = value.commitToken ?? value.receipt?.commitToken;
  return typeof token === 'string' ? token : undefined;
};

const toProblem = (failure: ConsentryError | HttpProblem): HttpProblem =>
  isHttpProblem(failure) ? failure : problemFromError(failure);

/** Registers one operation under /api/v1 with decoding, authorisation and error mapping. */
export const registerRoute = (
  app: FastifyInstance,
  ctx: RouteContext,
  definition: ApiRoute,
): void => {
  const rateLimit = definition.rateLimited
    ? { rateLimit: { max: ctx.limits.attemptsPerMinute, timeWindow: 60_000 } }
    : {};
  app.route({
    method: definition.method,
    url: `/api/v1${definition.path}`,
    config: { access: role(definition.roles), ...rateLimit },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = request.principal!;
      const parts = [
        decodePart(definition.params, request.params, 'path'),
        decodePart(definition.query, request.query, 'query'),
        decodePart(definition.body, request.body, 'body'),
      ] as const;
      for (const part of parts) if (E.isLeft(part)) throw part.left;
      const [params, query, body] = parts.map((p) => (p as E.Right<unknown>).right) as [
        never,
        never,
        never,
      ];
      // One read-your-writes call for the whole request: one bound for the lookup and the handler.
      const result = await readingAt(
        ctx,
        request,
      )(async () => {
        let patient = undefined as unknown as PatientDetails;
        if (definition.patient !== undefined) {
          const nhsNumber = definition.patient.from({ params, query, body });
          const found = await ctx.consentry.findPatientByNhsNumber({ nhsNumber })();
          if (E.isLeft(found)) throw toProblem(found.left);
          // A patient the caller may not act for is reported as unknown: no probing for who exists.
          if (!mayActFor(principal, found.right, definition.patient.relations))
            throw httpProblem(
              404,
              'Unknown patient',
              'No patient you may act for has this NHS number.',
              { tag: 'UnknownPatient' },
            );
          patient = found.right;
        }
        return definition.handler({ params, query, body, principal, patient, request })();
      });
      if (E.isLeft(result)) throw toProblem(result.left);
      const token = commitTokenOf(result.right);
      if (token !== undefined) void reply.header(COMMIT_TOKEN_HEADER, token);
      if (definition.success.status === 204) return reply.code(204).send();
      return reply.code(definition.success.status).send(result.right);
    },
  });
};
