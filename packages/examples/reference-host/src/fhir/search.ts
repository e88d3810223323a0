import type { FastifyRequest } from 'fastify';
import { failure, type FhirFailure } from './outcome.js';

/** The query as FHIR reads it: every parameter may repeat. */
export type Query = ReadonlyMap<string, readonly string[]>;

const FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);
const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;

/**
 * The query, refusing parameters this server does not support (strict handling: a search
 * that silently ignored `status` would answer a different question than the one asked).
 */
export const readQuery = (
  request: FastifyRequest,
  known: readonly string[],
): Query | FhirFailure => {
  const raw = (request.query ?? {}) as Record<string, string | string[] | undefined>;
  const query = new Map<string, string[]>();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!known.includes(name) && !['_count', '_offset', '_format'].includes(name))
      return failure(400, `The search parameter ${name.slice(0, 64)} is not supported here.`, {
        code: 'not-supported',
        expression: `http.${name.slice(0, 64)}`,
      });
    query.set(name, Array.isArray(value) ? value : [value]);
  }
  const format = query.get('_format');
  if (format !== undefined && !format.every((f) => FORMATS.has(f)))
    return failure(406, 'Only JSON is offered (_format=json).', { expression: 'http._format' });
  return query;
};

export const isFailure = (value: unknown): value is FhirFailure =>
  typeof value === 'object' &&
  value !== null &&
  (value as { _tag?: unknown })._tag === 'FhirFailure';

/** A parameter given at most once. */
export const single = (query: Query, name: string): string | undefined | FhirFailure => {
  const values = query.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) return failure(400, `Give ${name} once.`, { expression: `http.${name}` });
  return values[0];
};

/** A token `system|value` (or `value`, or `|value`) whose system, when given, must be `system`. */
export const tokenValue = (
  raw: string,
  name: string,
  system: string,
): { readonly value: string; readonly systemMatches: boolean } | FhirFailure => {
  const bar = raw.indexOf('|');
  const given = bar < 0 ? undefined : raw.slice(0, bar);
  const value = (bar < 0 ? raw : raw.slice(bar + 1)).replace(/\s/g, '');
  if (value === '')
    return failure(400, `${name} needs a value (${system}|value).`, { expression: `http.${name}` });
  return { value, systemMatches: given === undefined || given === '' || given === system };
};

export interface Paging {
  readonly count: number;
  readonly offset: number;
}

const whole = (raw: string | undefined, name: string, min: number): number | FhirFailure => {
  if (raw === undefined) return name === '_count' ? DEFAULT_COUNT : 0;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < min)
    return failure(400, `${name} must be a whole number of at least ${min}.`, {
      expression: `http.${name}`,
    });
  return Number(raw);
};

export const paging = (query: Query): Paging | FhirFailure => {
  const count = single(query, '_count');
  const offset = single(query, '_offset');
  if (isFailure(count)) return count;
  if (isFailure(offset)) return offset;
  const c = whole(count, '_count', 1);
  const o = whole(offset, '_offset', 0);
  if (isFailure(c)) return c;
  if (isFailure(o)) return o;
  return { count: Math.min(c, MAX_COUNT), offset: o };
};

/** The server's base URL as the client addressed it. */
export const baseUrl = (request: FastifyRequest): string =>
  `${request.protocol}://${request.host}/fhir/R4`;

/** self, first, previous, next and last, each keeping the search's own parameters. */
export const pageLinks = (
  base: string,
  path: string,
  query: Query,
  page: Paging,
  total: number,
): { relation: string; url: string }[] => {
  const at = (offset: number): string => {
    const params = new URLSearchParams();
    for (const [name, values] of query)
      if (name !== '_offset' && name !== '_count') for (const v of values) params.append(name, v);
    params.set('_count', String(page.count));
    if (offset > 0) params.set('_offset', String(offset));
    return `${base}/${path}?${params.toString()}`;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / page.count) * page.count;
  return [
    { relation: 'self', url: at(page.offset) },
    { relation: 'first', url: at(0) },
    ...(page.offset > 0
      ? [{ relation: 'previous', url: at(Math.max(0, page.offset - page.count)) }]
      : []),
    ...(page.offset + page.count < total
      ? [{ relation: 'next', url: at(page.offset + page.count) }]
      : []),
    { relation: 'last', url: at(last) },
  ];
};
