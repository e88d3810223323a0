import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectLines } from './__fixtures__/child.js';
import { tempDir } from './__fixtures__/stores.js';

const packageDir = join(__dirname, '..');
const firstJsBlock = (markdown: string): string => /```js\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';

/** Runs the first ```js block of a Markdown file as a script, in an empty directory. */
const runExample = async (
  markdownFile: string,
): Promise<{ code: number | null; output: string }> => {
  const { dir, remove } = tempDir();
  // Inside the package, so `better-sqlite3` resolves as it would in a user's project.
  const script = join(packageDir, `.example-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(script, firstJsBlock(readFileSync(markdownFile, 'utf8')));
  try {
    const child = spawn(
      process.execPath,
      ['--import', join(__dirname, '__fixtures__', 'register.js'), script],
      { cwd: dir },
    );
    const { lines, exited } = collectLines(child);
    const { code, stderr } = await exited;
    return { code, output: lines.join('\n') + stderr };
  } finally {
    rmSync(script, { force: true });
    remove();
  }
};

describe('the runnable examples in the docs', () => {
  it('README.md', async () => {
    const { code, output } = await runExample(join(packageDir, 'README.md'));
    expect({ code, output }).toEqual({ code: 0, output: "version 1: [ 'SharingPreferenceSet' ]" });
  }, 60_000);

  it('docs/adapters/sqlite.md', async () => {
    const { code, output } = await runExample(join(packageDir, '../../../docs/adapters/sqlite.md'));
    expect({ code, output }).toEqual({
      code: 0,
      output: 'Right VersionConflict 1n\n1 event(s); isEnd: true',
    });
  }, 60_000);
});
