import type { Command } from 'commander';
import { buildApp } from '../app.js';
import { systemClock } from '@consentry/core';
import { configOrExit, loggerFor, openHostOrExit } from './runtime.js';
import { printDemoSignIns, seedDemo } from './demoData.js';
import { checkpointsOrExit } from '../audit/checkpoints.js';

/** `consentry serve [--demo]`: the web pages and API on CONSENTRY_HOST:CONSENTRY_PORT. */
export const register = (program: Command): void => {
  program
    .command('serve')
    .description(
      'Serve the web pages and JSON API (configuration from CONSENTRY_* environment variables)',
    )
    .option(
      '--demo',
      'seed the demonstration organisations, patients and staff first (safe to repeat)',
    )
    .action(async (options: { demo?: boolean }) => {
      const config = configOrExit();
      const logger = loggerFor(config);
      const runtime = openHostOrExit(config, logger);
      const checkpoints = checkpointsOrExit(config.dataDir, runtime.eventStore, logger);
      if (options.demo) {
        if (config.mode === 'production') {
          process.stderr.write(
            'consentry: --demo seeds known passwords and is refused when CONSENTRY_MODE=production\n',
          );
          process.exit(2);
        }
        await seedDemo(runtime);
      }
      const app = await buildApp({
        ...runtime,
        logger,
        mode: config.mode,
        now: () => systemClock.now(),
      });

      // Graceful shutdown: stop taking requests, finish those in flight, then close the store.
      let stopping = false;
      const stop = (signal: string) => async (): Promise<void> => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        await app.close();
        await checkpoints.stop(); // a last signed checkpoint of what this process wrote
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM')());
      process.once('SIGINT', () => void stop('SIGINT')());

      const address = await app.listen({ host: config.host, port: config.port });
      const url = `${address}/`;
      process.stdout.write(`\nConsentry is running at ${url}\n`);
      if (config.mode === 'development' && runtime.outbox !== null)
        process.stdout.write(`Messages sent appear at ${url}dev/outbox\n`);
      if (options.demo) printDemoSignIns(runtime);
    });
};
