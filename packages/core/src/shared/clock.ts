/** The only source of "now" in Consentry; deciders and evolve never read the real time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
