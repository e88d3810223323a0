import { failure, type FhirFailure } from './outcome.js';

/** A FHIR date search value: a prefix and the range of instants its precision covers. */
export interface DateBound {
  readonly prefix: 'eq' | 'ge' | 'le' | 'gt' | 'lt';
  /** Inclusive start and exclusive end of the value's range, in ms. */
  readonly start: number;
  readonly end: number;
}

const DATE =
  /^(eq|ge|le|gt|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** The range of `2026-07`, `2026-07-01` or `2026-07-01T09:00:00Z` (FHIR §3.1.1.4.2: precision matters). */
export const dateBound = (raw: string): DateBound | FhirFailure => {
  const m = DATE.exec(raw);
  const bad = failure(
    400,
    'date must be a FHIR date or dateTime with an optional prefix eq, ge, le, gt or lt (e.g. ge2026-07-01).',
    { expression: 'http.date' },
  );
  if (m === null) return bad;
  const [, prefix, y, mo, d, h, mi, s, ms, zone] = m;
  const iso = `${y}-${mo ?? '01'}-${d ?? '01'}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}.${(ms ?? '0').padEnd(3, '0')}${zone ?? 'Z'}`;
  const start = Date.parse(iso);
  if (Number.isNaN(start)) return bad;
  const next = new Date(start);
  if (mo === undefined) next.setUTCFullYear(next.getUTCFullYear() + 1);
  else if (d === undefined) next.setUTCMonth(next.getUTCMonth() + 1);
  else if (h === undefined) next.setUTCDate(next.getUTCDate() + 1);
  const end =
    h === undefined
      ? next.getTime()
      : start + (s === undefined ? 60_000 : ms === undefined ? 1_000 : 1);
  return { prefix: (prefix ?? 'eq') as DateBound['prefix'], start, end };
};

/** Whether an instant is within what the bound asks for. */
export const matches = (bound: DateBound, at: number): boolean => {
  switch (bound.prefix) {
    case 'eq':
      return at >= bound.start && at < bound.end;
    case 'ge':
      return at >= bound.start;
    case 'gt':
      return at >= bound.end;
    case 'le':
      return at < bound.end;
    case 'lt':
      return at < bound.start;
  }
};
