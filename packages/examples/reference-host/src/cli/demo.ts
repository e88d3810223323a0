import type { Command } from 'commander';
import { configOrExit, loggerFor, openHostOrExit } from './runtime.js';
import { printDemoSignIns, seedDemo } from './demoData.js';

/** `consentry demo`: seeds the demonstration data (idempotent) and prints the sign-ins. */
export const register = (program: Command): void => {
  program
    .command('demo')
    .description(
      'Seed a Leicestershire practice, local hospital and urgent-care centre, an out-of-area hospital, patients and staff (safe to repeat)',
    )
    .action(async () => {
      // Development by the operator's choice; refused in production (see config.ts).
      const config = configOrExit(process.env, { demo: 'demo' });
      const runtime = openHostOrExit(config, loggerFor(config));
      const seeded = await seedDemo(runtime);
      process.stdout.write(
        `Demo data: ${seeded.created} created, ${seeded.existing} already there.\n`,
      );
      printDemoSignIns(runtime);
      await runtime.close();
    });
};
