import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

// jest runs specs as CommonJS, so __dirname is this folder.
const fixtures = __dirname;

/** Starts a fixture script in a child node that can import the workspace's TypeScript sources. */
export const startChild = (
  script: string,
  args: readonly string[],
): ChildProcessWithoutNullStreams =>
  spawn(
    process.execPath,
    ['--import', join(fixtures, 'register.js'), join(fixtures, script), ...args],
    {
      stdio: 'pipe',
    },
  );

/** Complete lines a child has printed so far, and a promise of its exit. */
export const collectLines = (
  child: ChildProcessWithoutNullStreams,
  onLine: (line: string) => void = () => undefined,
): {
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
} => {
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      onLine(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { lines, exited };
};
