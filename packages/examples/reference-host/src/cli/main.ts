import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The `consentry` program. Each subcommand lives in its own file in this folder and exports
 * `register(program)`; they are found here at start, so adding a command means adding a file.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
// dist/cli/main.js → the package's own package.json, whose version is the program's.
const { version } = JSON.parse(
  fs.readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8'),
) as { version: string };
const program = new Command('consentry')
  .description('Consentry: who may see a patient’s shared record, kept as immutable events.')
  .version(version, '-V, --version', 'print the version of the program')
  .showHelpAfterError();

const commandFiles = fs
  .readdirSync(here)
  .filter((file) => file.endsWith('.js') && file !== 'main.js' && !file.includes('.spec.'))
  .sort();
for (const file of commandFiles) {
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as {
    register?: (program: Command) => void;
  };
  module.register?.(program);
}

await program.parseAsync(process.argv);
