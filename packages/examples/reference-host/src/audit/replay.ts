import * as E from 'fp-ts/lib/Either.js';
import {
  accessHistoryProjection,
  alertsProjection,
  directoryProjection,
  forEachEvent,
  HistoryFold,
  openChallengesProjection,
  sharingSummaryProjection,
  toProjected,
  type Projection,
  type RecordedEvent,
} from '@consentry/core';
import { countEvents, progress, type ProgressTarget } from './progress.js';
import type { AuditStore } from './store.js';

type Write = (text: string) => void;

export interface ReplaySummary {
  readonly events: number;
  readonly streams: number;
  readonly patients: number;
  readonly organisations: number;
  readonly undecodable: number;
  readonly seconds: number;
}

/** A projection and its state, folded as the events go by. */
const running = <S>(projection: Projection<S>) => {
  let state = projection.initialState();
  return {
    visit: (e: Parameters<Projection<S>['evolve']>[1]) =>
      void (state = projection.evolve(state, e)),
    state: () => state,
  };
};

/**
 * Reads every event, in global order, into the read models the host serves (directory,
 * access history, sharing summary, open challenges, alerts) and into the aggregate states
 * decisions are made on. Any event that no longer decodes is counted.
 */
export const replayStore = async (
  target: AuditStore,
  err: ProgressTarget,
  now: () => number = Date.now,
): Promise<E.Either<string, ReplaySummary>> => {
  const total = err.isTTY === true ? await countEvents(target.store) : undefined;
  const bar = progress('replaying', err, total, now);
  const history = new HistoryFold();
  const models = [
    directoryProjection,
    accessHistoryProjection,
    sharingSummaryProjection,
    openChallengesProjection,
    alertsProjection,
  ].map((p) => running(p as Projection<unknown>));
  const started = now();
  const visit = (event: RecordedEvent): void => {
    history.visit(event);
    const projected = toProjected(event);
    if (projected !== undefined) for (const model of models) model.visit(projected);
  };
  const result = await forEachEvent(target.store, 0n, visit, (_, n) => bar.advance(n))();
  bar.finish();
  if (E.isLeft(result)) return E.left(`cannot read ${target.label}: ${result.left.message}`);
  const h = history.history;
  return E.right({
    events: history.events,
    streams: history.streams.size,
    patients: [...h.patients.values()].filter((p) => p.status === 'registered').length,
    organisations: [...h.organisations.values()].filter((o) => o.status !== 'unregistered').length,
    undecodable: history.undecodable,
    seconds: (now() - started) / 1000,
  });
};

export const printReplaySummary = (target: AuditStore, s: ReplaySummary, write: Write): void => {
  write(`Replayed ${target.label}\n`);
  write(`  events          ${s.events}\n`);
  write(`  streams         ${s.streams}\n`);
  write(`  patients        ${s.patients}\n`);
  write(`  organisations   ${s.organisations}\n`);
  if (s.undecodable > 0) write(`  undecodable     ${s.undecodable} (run audit verify)\n`);
  write(`  time            ${s.seconds.toFixed(2)} s\n`);
  write(`  rate            ${Math.round(s.events / Math.max(s.seconds, 0.001))} events/s\n`);
};
