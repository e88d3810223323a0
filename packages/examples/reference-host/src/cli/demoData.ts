import type { HostRuntime } from '../wiring/openHost.js';
import { demoSignInText, seedDemo as seed } from '../demo/seed.js';

/** Seeds the demo; a failure (e.g. the store is unreachable) is one line on stderr and exit code 1. */
export const seedDemo = async (
  runtime: HostRuntime,
): Promise<{ created: number; existing: number }> => {
  try {
    return await seed(runtime);
  } catch (error) {
    process.stderr.write(`consentry: ${error instanceof Error ? error.message : String(error)}\n`);
    await runtime.close();
    process.exit(1);
  }
};

export const printDemoSignIns = (runtime: HostRuntime): void =>
  void process.stdout.write(demoSignInText(runtime.keyring));
