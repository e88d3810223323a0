import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
 * CPU time (user + system) a process has used, in ms, from /proc (Linux; undefined elsewhere).
 * Clock ticks are 1/100 s: Linux reports /proc times in USER_HZ, which is 100.
 */
const cpuMsOf = (pid: number | undefined): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    return fields === undefined ? undefined : (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
};

/**
 * HTTP throughput of the reference host's access check, with autocannon on loopback for a
 * bounded time: the real `consentry serve` (SQLite file, demo data) in its own process.
 * autocannon runs in this process, so the two share the machine's cores: the server's own
 * CPU time per request is reported too, which does not depend on how busy the client is.
 */
export const httpBench = async (seconds = 10, port = 3917): Promise<Row[]> => {
  const scratch = scratchDir();
  const env = {
    ...process.env,
    CONSENTRY_MODE: 'development', // the demo host; production is the default
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
    const load = {
      url: `${url}${path}`,
      headers: { authorization: `Bearer ${token}` },
      connections: 16,
      pipelining: 1,
    };
    // One second first, not measured: the server's JIT settles before the figures start.
    await autocannon({ ...load, duration: 1 });
    progress(`http: autocannon for ${seconds} s`);
    const cpuBefore = cpuMsOf(child.pid);
    const result = await autocannon({ ...load, duration: seconds });
    const cpuAfter = cpuMsOf(child.pid);
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
      ...(cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
        ? []
        : [
            {
              workload: 'HTTP GET /api/v1/access-check',
              store: 'SQLite FULL (reference host)',
              metric: 'server CPU µs/request',
              ours: ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
            },
          ]),
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    scratch.remove();
  }
};
