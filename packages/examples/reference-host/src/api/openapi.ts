import type { ApiRoute } from './define.js';
import { jsonSchemaOf, type JsonSchema } from './jsonSchema.js';

const PROBLEM_TITLES: Readonly<Record<number, string>> = {
  400: 'InvalidInput: a field is missing or malformed (`field` names it); nothing changed',
  401: 'Not signed in, or the API token is not valid',
  403: 'Your role may not do this, or not for this organisation',
  404: 'Unknown patient, organisation, request or challenge',
  409: 'Conflict with the current state, or the challenge is locked',
  410: 'The challenge has expired',
  422: 'CodeRejected: wrong code (`attemptsLeft` says how many tries remain)',
  429: 'RateLimited: too many attempts or challenges (see Retry-After)',
};

const problemResponse = (status: number) => ({
  description: PROBLEM_TITLES[status] ?? 'Problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Path parameters `:name` become OpenAPI `{name}`. */
const openApiPath = (path: string): string => `/api/v1${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

const parameters = (route: ApiRoute): JsonSchema[] => {
  const from = (codec: ApiRoute['params'], location: 'path' | 'query'): JsonSchema[] => {
    if (codec === undefined) return [];
    const schema = jsonSchemaOf(codec);
    const required = (schema['required'] as string[] | undefined) ?? [];
    return Object.entries((schema['properties'] as Record<string, JsonSchema>) ?? {}).map(
      ([name, s]) => ({
        name,
        in: location,
        required: location === 'path' || required.includes(name),
        schema: s,
      }),
    );
  };
  return [
    ...from(route.params, 'path'),
    ...from(route.query, 'query'),
    ...(route.method === 'GET' ? [commitTokenHeader] : []),
  ];
};

/** docs/reference-host.md, "Read replicas": a command's answer carries it; a read may send it back. */
const commitTokenHeader: JsonSchema = {
  name: 'Consentry-Commit-Token',
  in: 'header',
  required: false,
  description:
    'The commit token of a command’s answer: with CONSENTRY_STORE_REPLICA, the read is served from the standby once it has replayed it (else from the primary after 500 ms).',
  schema: { type: 'string', pattern: '^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$' },
};

const operation = (route: ApiRoute): JsonSchema => ({
  operationId: route.operationId,
  summary: route.summary,
  tags: [route.tag],
  description: `Who may call: ${route.roles.join(', ')}${
    route.patient ? `; for the patient, as: ${route.patient.relations.join(', ')}` : ''
  }.`,
  parameters: parameters(route),
  ...(route.body === undefined
    ? {}
    : {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: jsonSchemaOf(route.body) } },
        },
      }),
  responses: {
    [route.success.status]: {
      description: route.success.description,
      ...(route.method === 'GET'
        ? {}
        : {
            headers: {
              'Consentry-Commit-Token': {
                description:
                  'With CONSENTRY_STORE_REPLICA: the primary’s position after this command; send it with a later read to read your write.',
                schema: { type: 'string' },
              },
            },
          }),
      ...(route.success.status === 204
        ? {}
        : {
            content: {
              'application/json': { schema: { type: 'object', title: route.success.schema } },
            },
          }),
    },
    ...Object.fromEntries(
      [400, 401, 403, 429, ...(route.problems ?? [])].map((status) => [
        status,
        problemResponse(status),
      ]),
    ),
  },
  security: [{ bearerToken: [] }, { sessionCookie: [] }],
});

/** The OpenAPI 3.1 description, built from the same route table that registers the routes. */
export const openApiDocument = (routes: readonly ApiRoute[]): JsonSchema => {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Consentry reference host API',
      version: '1.0.0',
      description:
        'Patient consent for shared records. Errors are application/problem+json (RFC 9457) naming the field at fault. ' +
        'Authenticate with `Authorization: Bearer <organisation API token>`, or a staff session cookie plus the ' +
        '`X-Consentry-Request: 1` header on changes.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token issued to one organisation.',
        },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'consentry_session' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            field: {
              type: 'string',
              description: 'The request field at fault, e.g. body.nhsNumber',
            },
            error: { type: 'string', description: 'The domain error tag, e.g. CodeRejected' },
            attemptsLeft: { type: 'integer' },
          },
        },
      },
    },
  };
};
