import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { progress } from '../measure.js';
import type { Row } from '../results.js';
import { scratchDir } from '../stores.js';

// The workspace link to the reference host (dist/workloads → the package's node_modules).
const consentryBin = fileURLToPath(
  new URL('../../node_modules/@consentry/reference-host/bin/consentry.js', import.meta.url),
);

const run = (args: string[], env: NodeJS.ProcessEnv): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [consentryBin, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`consentry ${args.join(' ')} exited ${code}: ${out}`)),
    );
  });

const waitForHealth = async (url: string, child: ChildProcess): Promise<void> => {
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error('the host exited before it was healthy');
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the host did not become healthy in 10 s');
};

/**
 * HTTP throughput of the reference host's access check, with autocannon on loopback for a
 * bounded time: the real `consentry serve` (SQLite file, demo data) in its own process.
 */
export const httpBench = async (seconds = 10, port = 3917): Promise<Row[]> => {
  const scratch = scratchDir();
  const env = {
    ...process.env,
    CONSENTRY_DATA_DIR: scratch.dir,
    CONSENTRY_PORT: String(port),
    CONSENTRY_HOST: '127.0.0.1',
    CONSENTRY_LOG_LEVEL: 'warn',
  };
  progress('http: seeding the demo');
  const demo = await run(['demo'], env);
  const token = /API token for Cornwall Coast Hospital: (\S+)/.exec(demo)?.[1];
  if (token === undefined) throw new Error(`no API token in the demo output:\n${demo}`);
  const child = spawn(process.execPath, [consentryBin, 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
    const path = '/api/v1/access-check?patient=9434765919&organisation=cornwall-hospital';
    const check = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!check.ok) throw new Error(`access check answered ${check.status}: ${await check.text()}`);
    progress(`http: autocannon for ${seconds} s`);
    const result = await autocannon({
      url: `${url}${path}`,
      headers: { authorization: `Bearer ${token}` },
      connections: 16,
      pipelining: 1,
      duration: seconds,
    });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
    return [
      {
        workload: 'HTTP GET /api/v1/access-check',
        store: 'SQLite FULL (reference host)',
        metric: 'requests/s',
        ours: result.requests.average,
        target: '≥ 5,000/s',
      },
      {
        workload: 'HTTP GET /api/v1/access-check',
        store: 'SQLite FULL (reference host)',
        metric: 'p99 ms',
        ours: result.latency.p99,
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    scratch.remove();
  }
};
