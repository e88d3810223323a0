import * as E from 'fp-ts/lib/Either.js';
import type { Logger } from 'pino';
import { decodeConfig, type HostConfig, type StartFlags } from '../config/config.js';
import { createLogger } from '../logging.js';
import { openHost, type HostRuntime } from '../wiring/openHost.js';

/** Exit status for a configuration or start-up problem the operator must fix. */
export const EXIT_CONFIG = 2;

/** Reads the environment; a bad variable prints one line naming it and exits 2 — never a stack trace. */
export const configOrExit = (
  env: NodeJS.ProcessEnv = process.env,
  flags: StartFlags = {},
): HostConfig => {
  const config = decodeConfig(env, flags);
  if (E.isLeft(config)) {
    process.stderr.write(`consentry: ${config.left.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  return config.right;
};

export const openHostOrExit = (config: HostConfig, logger: Logger): HostRuntime => {
  const runtime = openHost(config, logger);
  if (E.isLeft(runtime)) {
    process.stderr.write(`consentry: ${runtime.left.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  return runtime.right;
};

export const loggerFor = (config: HostConfig): Logger =>
  createLogger(config.logLevel, undefined, config.mode);
