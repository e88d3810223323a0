import * as E from 'fp-ts/lib/Either.js';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { systemClock } from '@consentry/core';
import { buildApp } from '../app.js';
import { isLoopback, type HostConfig } from '../config/config.js';
import { openHost, type HostRuntime } from '../wiring/openHost.js';
import { logStart } from '../logging.js';
import { checkpointIntervalSeconds, checkpointsFromEnv } from '../audit/checkpoints.js';
import { parseSigningKey } from '../audit/keys.js';
import { seedDemo } from '../demo/seed.js';
import { EXIT_CONFIG, configOrExit, loggerFor } from './runtime.js';
import { printDemoSignIns } from './demoData.js';

/** A listening host: its address, what it holds open, and how to stop it in order. */
export interface RunningHost {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly runtime: HostRuntime;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Seed the demonstration data first (a development host only: config.ts refuses it otherwise). */
  readonly demo: boolean;
  /** For CONSENTRY_AUDIT_KEY and CONSENTRY_CHECKPOINT_INTERVAL. */
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Where the banner of an exposed development host goes (stderr). */
  readonly warn: (text: string) => void;
}

/** Printed when a development host listens where other machines can reach it. */
export const exposedDevelopmentBanner = (host: string): string => {
  const rule = '!'.repeat(78);
  return [
    rule,
    `!! DEVELOPMENT HOST LISTENING ON ${host}, NOT ONLY ON LOOPBACK (CONSENTRY_UNSAFE_DEV_LISTEN).`,
    '!! Anyone who can reach it reads every verification and sign-in code at /dev/outbox,',
    '!! and the demo accounts have published passwords. Never use it with real patients.',
    rule,
    '',
  ].join('\n');
};

/**
 * The settings checked before anything is opened, so a bad one leaves the data folder as it
 * was (a missing audit key in production is refused earlier still, by config.ts).
 */
const checkpointSettingsProblem = (env: NodeJS.ProcessEnv): string | undefined => {
  if (checkpointIntervalSeconds(env) === undefined)
    return 'CONSENTRY_CHECKPOINT_INTERVAL must be a whole number of seconds (0: only on shutdown)';
  const key = env['CONSENTRY_AUDIT_KEY'];
  if (key === undefined || key === '') return undefined;
  const parsed = parseSigningKey(key);
  return E.isLeft(parsed) ? parsed.left : undefined;
};

const seedOrMessage = async (runtime: HostRuntime): Promise<string | undefined> => {
  try {
    await seedDemo(runtime);
    return undefined;
  } catch (error) {
    await runtime.close();
    return error instanceof Error ? error.message : String(error);
  }
};

/**
 * Opens the host named by a decoded configuration, seeds the demo if asked, starts signing
 * checkpoints and listens. The first log line names the mode.
 */
export const startHost = async (
  config: HostConfig,
  options: StartOptions,
): Promise<E.Either<string, RunningHost>> => {
  const { logger } = options;
  logStart(logger, config);
  if (options.demo && config.mode !== 'development')
    return E.left('--demo seeds known passwords and is refused in production mode');
  const problem = checkpointSettingsProblem(options.env);
  if (problem !== undefined) return E.left(problem);
  const runtime = openHost(config, logger);
  if (E.isLeft(runtime)) return E.left(runtime.left.message);
  if (options.demo) {
    const seeded = await seedOrMessage(runtime.right);
    if (seeded !== undefined) return E.left(seeded);
  }
  const checkpoints = checkpointsFromEnv(
    options.env,
    config.dataDir,
    runtime.right.eventStore,
    logger,
    config.mode,
  );
  if (E.isLeft(checkpoints)) {
    await runtime.right.close();
    return checkpoints;
  }
  const app = await buildApp({
    ...runtime.right,
    logger,
    mode: config.mode,
    now: () => systemClock.now(),
  });
  if (config.mode === 'development' && !isLoopback(config.host)) {
    options.warn(exposedDevelopmentBanner(config.host));
    logger.warn({ host: config.host }, 'development host listening beyond loopback');
  }
  const address = await app.listen({ host: config.host, port: config.port });
  return E.right({
    url: `${address}/`,
    app,
    runtime: runtime.right,
    stop: async () => {
      await app.close();
      await checkpoints.right.stop(); // a last signed checkpoint of what this process wrote
      await runtime.right.close();
    },
  });
};

/** `consentry serve [--demo]`: the web pages and API on CONSENTRY_HOST:CONSENTRY_PORT. */
export const register = (program: Command): void => {
  program
    .command('serve')
    .description(
      'Serve the web pages and JSON API (configuration from CONSENTRY_* environment variables; production unless CONSENTRY_MODE=development or --demo)',
    )
    .option(
      '--demo',
      'development mode, seeding the demonstration organisations, patients and staff first (safe to repeat)',
    )
    .option(
      '--unsafe-dev-listen',
      'let a development host listen beyond loopback (CONSENTRY_UNSAFE_DEV_LISTEN=yes): anyone who reaches it reads every code',
    )
    .action(async (options: { demo?: boolean; unsafeDevListen?: boolean }) => {
      const config = configOrExit(process.env, {
        ...(options.demo === true ? { demo: '--demo' as const } : {}),
        unsafeDevListen: options.unsafeDevListen === true,
      });
      const logger = loggerFor(config);
      const started = await startHost(config, {
        demo: options.demo === true,
        env: process.env,
        logger,
        warn: (text) => void process.stderr.write(text),
      });
      if (E.isLeft(started)) {
        process.stderr.write(`consentry: ${started.left}\n`);
        process.exit(EXIT_CONFIG);
      }
      const host = started.right;

      // Graceful shutdown: stop taking requests, finish those in flight, then close the store.
      let stopping = false;
      const stop = (signal: string) => async (): Promise<void> => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        await host.stop();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM')());
      process.once('SIGINT', () => void stop('SIGINT')());

      process.stdout.write(`\nConsentry is running at ${host.url} (${config.mode} mode)\n`);
      if (config.mode === 'development' && host.runtime.outbox !== null)
        process.stdout.write(`Messages sent appear at ${host.url}dev/outbox\n`);
      if (options.demo === true) printDemoSignIns(host.runtime);
    });
};
