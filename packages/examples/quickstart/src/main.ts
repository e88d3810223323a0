import { runQuickstart } from './story.js';

// `pnpm start` runs this: it prints the quickstart story.
runQuickstart().then(
  (lines) => console.log(lines.join('\n')),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
