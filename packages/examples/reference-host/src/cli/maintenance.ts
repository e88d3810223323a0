import * as E from 'fp-ts/lib/Either.js';
import type { Command } from 'commander';
import type { MaintenanceReport } from '@consentry/core';
import { withHost } from './operatorCommon.js';

/** The host's own actor for the sweep: `system`, never a person (docs/facade-api.md). */
const MAINTENANCE = { actor: { kind: 'system', id: 'consentry-maintenance' } } as const;

/** Exit status when the sweep could not finish (the store failed): run it again, it is idempotent. */
const EXIT_FAILED = 1;

/** What the sweep did, in counts: never a patient's name, number or contact details. */
export const describeReport = (report: MaintenanceReport): string =>
  [
    `Patients checked: ${report.patientsChecked}`,
    `Patients with a notice: ${report.patientsNoticed}`,
    `Consents that ended, noticed: ${report.consentEndsNoticed}`,
    `Proxies whose access ended, noticed: ${report.proxyEndsNoticed}`,
    `Messages not sent yet: ${report.undelivered}`,
    `Patients skipped (no longer registered): ${report.skipped}`,
  ].join('\n') + '\n';

/**
 * `consentry maintenance`: the daily sweep, once (docs/reference-host.md). It records each
 * time-limited consent that ended where the patient asked to be told, and each proxy whose
 * access ended, and the messages go out. Safe to repeat: a second run notices nothing new.
 * Access itself already ended by the clock; this only sends the notices.
 */
export const register = (program: Command): void => {
  program
    .command('maintenance')
    .description(
      'Run the daily sweep once: notices of time-limited consents and proxy access that ended (safe to repeat)',
    )
    .action(() =>
      withHost(async ({ consentry }) => {
        const report = await consentry.runMaintenance({}, MAINTENANCE)();
        if (E.isLeft(report)) {
          process.stderr.write(
            `consentry maintenance: stopped (${report.left._tag}): ${report.left.message}; run it again\n`,
          );
          process.exitCode = EXIT_FAILED;
          return;
        }
        process.stdout.write(describeReport(report.right));
      }),
    );
};
