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
