import * as E from 'fp-ts/lib/Either.js';
import fs from 'node:fs';
import type { Command } from 'commander';
import { configOrExit, loggerFor } from './runtime.js';
import { parseInstant, loadAsOf, printAsOf } from '../audit/asOf.js';
import { checkpointsFromEnv } from '../audit/checkpoints.js';
import { exportFhir } from '../audit/exportFhir.js';
import { newKeyPair, trustedPublicKeys } from '../audit/keys.js';
import { printReplaySummary, replayStore } from '../audit/replay.js';
import { loadReport, printReport, type ReportFormat } from '../audit/report.js';
import { loadTimeline } from '../audit/timeline.js';
import { timelineHtml } from '../audit/timelineSvg.js';
import { configuredTarget, openStoreTarget, type AuditStore } from '../audit/store.js';
import { auditVerify } from '../audit/verify.js';
import { sealedAuditStore } from '../wiring/personalData.js';

/** Bad arguments, an unreadable store or an unknown patient: one line, exit 2, no stack trace. */
const USAGE = 2;
const out = (text: string): void => void process.stdout.write(text);

const fail = (message: string): number => {
  process.stderr.write(`consentry audit: ${message}\n`);
  return USAGE;
};

const defaultTarget = (): string => {
  const config = configOrExit();
  return configuredTarget(config.store, config.dataDir);
};

/** Opens --store, or the configured store, runs `body`, closes the store, sets the exit code. */
const withStore = async (
  store: string | undefined,
  body: (target: AuditStore) => Promise<number>,
): Promise<void> => {
  const name = store ?? defaultTarget();
  const opened = openStoreTarget(name);
  if (E.isLeft(opened)) return void (process.exitCode = fail(opened.left));
  // With CONSENTRY_KEK, personal data reads opened (or erased): docs/personal-data.md.
  const sealed = sealedAuditStore(
    name,
    opened.right.store,
    process.env['CONSENTRY_KEK'],
    process.env['CONSENTRY_DATA_DIR'] ?? './data',
  );
  if (E.isLeft(sealed)) {
    await opened.right.store.close();
    return void (process.exitCode = fail(sealed.left));
  }
  const target = { ...opened.right, store: sealed.right };
  try {
    process.exitCode = await body(target);
  } finally {
    await target.store.close();
  }
};

const instantOption = (name: string, text: string | undefined): Date | undefined | 'bad' =>
  text === undefined ? undefined : (parseInstant(text) ?? 'bad');

const STORE_HELP =
  'a postgres:// or esdb:// connection string, or a SQLite store file (default: the configured store)';

const registerVerify = (audit: Command): void => {
  audit
    .command('verify')
    .description(
      'Check every hash chain and signed checkpoint; exit 1 when the history was changed',
    )
    .option('--store <store>', STORE_HELP)
    .option(
      '--public-keys <file>',
      'trust only the checkpoint keys in this file (lines of id:base64 SPKI)',
    )
    .action(async (o: { store?: string; publicKeys?: string }) => {
      // A store and keys named on the command line need no host configuration.
      const dataDir = o.publicKeys === undefined ? configOrExit().dataDir : '';
      const keys = trustedPublicKeys(process.env, dataDir, o.publicKeys);
      if (E.isLeft(keys)) return void (process.exitCode = fail(keys.left));
      await withStore(o.store, (target) => auditVerify(target, keys.right, out, process.stderr));
    });
};

const registerReplay = (audit: Command): void => {
  audit
    .command('replay')
    .description('Read every event into the read models, with progress, and print a summary')
    .option('--store <store>', STORE_HELP)
    .action(async (o: { store?: string }) =>
      withStore(o.store, async (target) => {
        const summary = await replayStore(target, process.stderr);
        if (E.isLeft(summary)) return fail(summary.left);
        printReplaySummary(target, summary.right, out);
        return 0;
      }),
    );
};

const registerAsOf = (audit: Command): void => {
  audit
    .command('as-of')
    .description(
      'Who could see a patient’s record at a time, on what basis, and the choices then in force',
    )
    .argument('<time>', 'an ISO-8601 instant (2026-03-03T14:00:00Z) or a date (midnight UTC)')
    .requiredOption('--patient <nhs-number>', 'the patient’s NHS number')
    .option('--store <store>', STORE_HELP)
    .action(async (time: string, o: { patient: string; store?: string }) => {
      const at = parseInstant(time);
      if (at === undefined)
        return void (process.exitCode = fail(
          `"${time}" is not an ISO-8601 time (e.g. 2026-03-03T14:00:00Z)`,
        ));
      await withStore(o.store, async (target) => {
        const loaded = await loadAsOf(target, o.patient.replace(/\s/g, ''), at);
        if (E.isLeft(loaded)) return fail(loaded.left);
        printAsOf(loaded.right, out);
        return 0;
      });
    });
};

const registerReport = (audit: Command): void => {
  audit
    .command('report')
    .description(
      'A patient’s access history: every decision with its rule trail, views, emergencies, choices and messages',
    )
    .requiredOption('--patient <nhs-number>', 'the patient’s NHS number')
    .option('--from <time>', 'from this instant or date (inclusive)')
    .option('--to <time>', 'up to this instant or date (inclusive)')
    .option('--format <format>', 'text, json or csv', 'text')
    .option(
      '--html',
      'instead: an HTML page with a timeline of who could see the record (an SVG), then the same facts in tables',
    )
    .option('--store <store>', STORE_HELP)
    .action(
      async (o: {
        patient: string;
        from?: string;
        to?: string;
        format: string;
        html?: boolean;
        store?: string;
      }) => {
        const [from, to] = [instantOption('--from', o.from), instantOption('--to', o.to)];
        if (from === 'bad' || to === 'bad')
          return void (process.exitCode = fail('--from and --to must be ISO-8601 times or dates'));
        if (!['text', 'json', 'csv'].includes(o.format))
          return void (process.exitCode = fail('--format must be text, json or csv'));
        if (o.html === true)
          return void (await withStore(o.store, async (target) => {
            const timeline = await loadTimeline(target.store, o.patient.replace(/\s/g, ''), {
              ...(from ? { from } : {}),
              to: to ?? new Date(),
            });
            if (E.isLeft(timeline)) return fail(timeline.left);
            out(timelineHtml(timeline.right));
            return 0;
          }));
        await withStore(o.store, async (target) => {
          const report = await loadReport(target, o.patient.replace(/\s/g, ''), {
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
          });
          if (E.isLeft(report)) return fail(report.left);
          printReport(report.right, o.format as ReportFormat, out);
          return 0;
        });
      },
    );
};

const registerExport = (audit: Command): void => {
  audit
    .command('export-fhir')
    .description('Write a FHIR R4 Bundle of Consent and AuditEvent resources')
    .option('--patient <nhs-number>', 'only this patient (default: every patient)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--store <store>', STORE_HELP)
    .action(async (o: { patient?: string; out?: string; store?: string }) =>
      withStore(o.store, async (target) => {
        const bundle = await exportFhir(target, o.patient?.replace(/\s/g, ''), new Date());
        if (E.isLeft(bundle)) return fail(bundle.left);
        const json = `${JSON.stringify(bundle.right, null, 2)}\n`;
        if (o.out === undefined) out(json);
        else {
          fs.writeFileSync(o.out, json);
          process.stderr.write(`wrote ${bundle.right.entry.length} resources to ${o.out}\n`);
        }
        return 0;
      }),
    );
};

const registerKeys = (audit: Command): void => {
  audit
    .command('keygen')
    .description('Make a new Ed25519 checkpoint key pair (CONSENTRY_AUDIT_KEY and its public key)')
    .option('--id <keyId>', 'the key id', `audit-${new Date().toISOString().slice(0, 10)}`)
    .action((o: { id: string }) => {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(o.id))
        return void (process.exitCode = fail('--id: letters, digits, . _ - only'));
      const pair = newKeyPair(o.id);
      out(
        `CONSENTRY_AUDIT_KEY=${pair.privateLine}\n# public key, for CONSENTRY_AUDIT_PUBLIC_KEYS or a --public-keys file:\n${pair.publicLine}\n`,
      );
    });
  audit
    .command('checkpoint')
    .description(
      'Sign a checkpoint of the stream heads now (the server also does this at intervals)',
    )
    .action(async () => {
      const config = configOrExit();
      await withStore(undefined, async (target) => {
        const logger = loggerFor(config);
        const writer = checkpointsFromEnv(
          { ...process.env, CONSENTRY_CHECKPOINT_INTERVAL: '0' },
          config.dataDir,
          target.store,
          logger,
          config.mode,
        );
        if (E.isLeft(writer)) return fail(writer.left);
        await writer.right.writeNow();
        return 0;
      });
    });
};

/** `consentry audit …`: tamper evidence, replay, as-of, reports and FHIR export over any store. */
export const register = (program: Command): void => {
  // `consentry audit report … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const audit = program
    .command('audit')
    .description('Auditor tools: verify, replay, as-of, report, export-fhir, keygen, checkpoint')
    .showHelpAfterError()
    // Bad arguments exit 2 (1 means "tampering found" for verify).
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : USAGE));
  registerVerify(audit);
  registerReplay(audit);
  registerAsOf(audit);
  registerReport(audit);
  registerExport(audit);
  registerKeys(audit);
};
