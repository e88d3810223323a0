import {
  accessHistoryProjection,
  alertsProjection,
  openChallengesProjection,
  sharingSummaryProjection,
  toProjected,
  type NewEvent,
  type Projection,
} from '@consentry/core';

/** The four read models of a host, folded in one pass. */
const allProjections = [
  accessHistoryProjection,
  sharingSummaryProjection,
  openChallengesProjection,
  alertsProjection,
] as const;
const combined: Projection<unknown[]> = {
  name: 'all',
  initialState: () => allProjections.map((p) => p.initialState()),
  evolve: (states, event) => {
    for (let i = 0; i < allProjections.length; i += 1) {
      states[i] = (allProjections[i] as Projection<unknown>).evolve(states[i], event);
    }
    return states;
  },
};

/**
 * How many events of the chunks the projections must see: every domain event decodes, so a
 * replay that folds fewer has skipped (failed to decode) events it should have read.
 */
export const decodableCount = (chunks: readonly NewEvent[][]): number =>
  chunks
    .flat()
    .filter(
      (e) =>
        toProjected({ ...e, streamName: 'x', streamPosition: 1n, globalPosition: 1n, hash: '' }) !==
        undefined,
    ).length;

/** The combined projection, counting what it folds. */
export const counting = (): { projection: Projection<unknown[]>; folded: () => number } => {
  let folded = 0;
  return {
    projection: {
      ...combined,
      evolve: (states, event) => {
        folded += 1;
        return combined.evolve(states, event);
      },
    },
    folded: () => folded,
  };
};

export const checkFolded = (who: string, folded: number, expected: number): void => {
  if (folded !== expected)
    throw new Error(
      `${who} replay folded ${folded} events, expected ${expected}: some did not decode`,
    );
};
