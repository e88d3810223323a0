import { addMilliseconds } from 'date-fns';
import type { Clock } from '../shared/clock.js';

/** A clock that moves only when told: for tests and scenarios. */
export interface ManualClock extends Clock {
  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Moves forward by minutes (the usual unit of code validity). */
  advanceMinutes(minutes: number): void;
  set(to: Date | string): void;
}

export const manualClock = (start: Date | string = '2026-07-01T09:00:00Z'): ManualClock => {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now = addMilliseconds(now, ms);
    },
    advanceMinutes: (minutes) => {
      now = addMilliseconds(now, minutes * 60_000);
    },
    set: (to) => {
      now = new Date(to);
    },
  };
};
