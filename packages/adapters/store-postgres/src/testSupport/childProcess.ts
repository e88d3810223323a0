import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript file of this package in a separate Node process (see register.cjs). */
export const runChild = (script: string, env: Record<string, string>): Promise<ChildResult> =>
  new Promise((resolve, reject) => {
    // The package is ESM ("type": "module"), so the entry is required from a CJS -e snippet
    // for the require hook to handle it.
    const entry = 'require(require("node:path").resolve(process.argv[1]))';
    const child = spawn(
      process.execPath,
      ['-r', path.join(__dirname, 'register.cjs'), '-e', entry, script],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

export interface RunningChild {
  readonly pid: number;
  /** The JSON lines it printed so far. */
  readonly lines: () => readonly Record<string, unknown>[];
  readonly stderr: () => string;
  readonly kill: (signal: NodeJS.Signals) => void;
  readonly exited: Promise<number | null>;
}

/** Starts a TypeScript file of this package in a Node process that the test may kill. */
export const startChild = (script: string, env: Record<string, string>): RunningChild => {
  const entry = 'require(require("node:path").resolve(process.argv[1]))';
  const child = spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'register.cjs'), '-e', entry, script],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts)
      if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    pid: child.pid ?? -1,
    lines: () => lines,
    stderr: () => stderr,
    kill: (signal) => void child.kill(signal),
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
  };
};
