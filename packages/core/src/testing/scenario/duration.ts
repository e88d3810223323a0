import * as t from 'io-ts';

/** A span of time as written in a scenario (`11m`, `2h`, `5d`), kept with its text for messages. */
export interface Duration {
  readonly text: string;
  readonly ms: number;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

// One or more number+unit parts, largest first by convention: `90s`, `1h30m`, `2d`.
const PART = /(\d+)([smhd])/g;
const WHOLE = /^(?:\d+[smhd])+$/;

/** Reads `11m`, `2h`, `5d`, `1h30m`; undefined for anything else (including `0m`). */
export const parseDuration = (text: string): Duration | undefined => {
  if (!WHOLE.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART))
    ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return ms > 0 ? { text, ms } : undefined;
};

/** io-ts codec: a duration string in, `{ text, ms }` out. */
export const DurationFromString = new t.Type<Duration, string, unknown>(
  'a duration such as 30s, 11m, 2h or 5d',
  (u): u is Duration =>
    typeof u === 'object' && u !== null && typeof (u as Duration).ms === 'number',
  (u, c) => {
    const parsed = typeof u === 'string' ? parseDuration(u) : undefined;
    return parsed === undefined ? t.failure(u, c) : t.success(parsed);
  },
  (d) => d.text,
);

/** A duration no longer than `maxMs` (the code validity may never exceed 10 minutes, docs/domain.md (verification codes)). */
export const durationAtMost = (maxMs: number, maxText: string) =>
  new t.Type<Duration, string, unknown>(
    `a duration of at most ${maxText}, such as 5m`,
    DurationFromString.is,
    (u, c) => {
      const parsed = typeof u === 'string' ? parseDuration(u) : undefined;
      return parsed === undefined || parsed.ms > maxMs ? t.failure(u, c) : t.success(parsed);
    },
    (d) => d.text,
  );

/** io-ts codec: an ISO-8601 instant with a zone (`2026-07-01T09:00:00Z`) in, a Date out. */
export const InstantFromString = new t.Type<Date, string, unknown>(
  'an ISO-8601 time with a zone, such as 2026-07-01T09:00:00Z',
  (u): u is Date => u instanceof Date,
  (u, c) => {
    if (
      typeof u !== 'string' ||
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(u)
    )
      return t.failure(u, c);
    const date = new Date(u);
    return Number.isNaN(date.getTime()) ? t.failure(u, c) : t.success(date);
  },
  (d) => d.toISOString(),
);
