import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@consentry/core';

/** Runs `writers` loops of `step` for about `ms` milliseconds; returns completed steps per second. */
export const throughput = async (
  writers: number,
  ms: number,
  step: (writer: number, n: number) => Promise<number>,
): Promise<number> => {
  let done = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; performance.now() < until; n++) done += await step(writer, n);
    }),
  );
  return done / ((performance.now() - started) / 1000);
};

/** An event shaped like the domain's: a few ids, a timestamp, full metadata. */
export const benchEvent = (n: number): NewEvent => ({
  type: 'AccessRequested',
  data: {
    requestId: randomUUID(),
    patientId: randomUUID(),
    organisationId: 'ODS-RX1',
    purpose: 'TREAT',
    n,
  },
  metadata: {
    eventId: randomUUID(),
    recordedAt: new Date().toISOString(),
    actor: { kind: 'organisation-staff', id: 'staff-1', organisationId: 'ODS-RX1' },
    correlationId: randomUUID(),
    schemaVersion: 1,
  },
});

export const rate = (perSecond: number): string =>
  `${Math.round(perSecond).toLocaleString('en-GB')}/s`;

export const line = (label: string, value: string, target?: string): string =>
  `${label.padEnd(48)} ${value.padStart(12)}${target === undefined ? '' : `   (target ${target})`}`;
