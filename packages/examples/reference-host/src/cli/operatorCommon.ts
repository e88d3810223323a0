import * as E from 'fp-ts/lib/Either.js';
import type { Consentry } from '@consentry/core';
import type { HostRuntime } from '../wiring/openHost.js';
import { configOrExit, loggerFor, openHostOrExit } from './runtime.js';

/** Exit status when the operator's request is refused (bad argument, unknown name). */
export const EXIT_REFUSED = 1;

/** A refusal the operator can act on: one line on stderr, nothing changed. */
export class Refusal extends Error {}

/**
 * Runs an operator command on the configured host: opens it, runs `work`, closes it. A
 * `Refusal` is printed as `consentry: …` and exits 1; nothing is half-written by then.
 */
export const withHost = async (work: (runtime: HostRuntime) => Promise<void>): Promise<void> => {
  const config = configOrExit();
  const runtime = openHostOrExit(config, loggerFor({ ...config, logLevel: 'warn' }));
  try {
    await work(runtime);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    process.stderr.write(`consentry: ${error.message}\n`);
    process.exitCode = EXIT_REFUSED;
  } finally {
    await runtime.close();
  }
};

/** The organisation as Consentry knows it, or a refusal naming it. */
export const registeredOrganisation = async (consentry: Consentry, organisationId: string) => {
  const found = await consentry.organisation({ organisationId })();
  if (E.isLeft(found))
    throw new Refusal(
      found.left._tag === 'UnknownOrganisation' || found.left._tag === 'InvalidInput'
        ? `organisation "${organisationId}" is not registered in Consentry`
        : `cannot read organisation "${organisationId}": ${found.left.message}`,
    );
  if (found.right.status === 'closed')
    throw new Refusal(`organisation "${organisationId}" is closed`);
  return found.right;
};

/** Plain columns, padded to the widest cell; the header line first. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
};

export const isoOrDash = (epochMs: number | null): string =>
  epochMs === null ? '-' : new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
