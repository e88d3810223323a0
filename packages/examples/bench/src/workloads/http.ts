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
const bareRouteJs = fileURLToPath(new URL('./bareRoute.js', import.meta.url));

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

interface Measured {
  readonly perSecond: number;
  readonly p99Ms: number;
  /** The server process's own CPU time per request, in µs (undefined off Linux). */
  readonly cpuUsPerRequest: number | undefined;
}

/**
 * Loads `url` with autocannon (16 connections) for `seconds`, after one second not measured
 * (the server's JIT settles first), and reads the server's CPU time from /proc around it.
 */
const measure = async (
  url: string,
  token: string,
  seconds: number,
  pid: number | undefined,
): Promise<Measured> => {
  const load = {
    url,
    headers: { authorization: `Bearer ${token}` },
    connections: 16,
    pipelining: 1,
  };
  await autocannon({ ...load, duration: 1 });
  const cpuBefore = cpuMsOf(pid);
  const result = await autocannon({ ...load, duration: seconds });
  const cpuAfter = cpuMsOf(pid);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return {
    perSecond: result.requests.average,
    p99Ms: result.latency.p99,
    cpuUsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
  };
};

const stop = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
};

/**
 * The floor (bareRoute.ts): a bare Fastify route in a process of its own answering `body`
 * after comparing the bearer header, under the same load as the host.
 */
const bareRoute = async (
  port: number,
  token: string,
  body: string,
  path: string,
  seconds: number,
): Promise<Measured> => {
  const child = spawn(process.execPath, [bareRouteJs], {
    env: { ...process.env, BARE_PORT: String(port), BARE_TOKEN: token, BARE_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`the bare route exited ${String(code)}`)));
    });
    progress(`http: the bare route (floor) for ${seconds} s`);
    return await measure(`http://127.0.0.1:${port}${path}`, token, seconds, child.pid);
  } finally {
    await stop(child);
  }
};

/**
 * HTTP throughput of the reference host's access check, with autocannon on loopback for a
 * bounded time: the real `consentry serve` (SQLite file, demo data) in its own process, then
 * its floor (a bare Fastify route with the same answer, bareRoute.ts) under the same load.
 * autocannon runs in this process, so each server shares the machine's cores with it: the
 * server's own CPU time per request is reported too, which does not depend on how busy the
 * client is.
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
  const path = '/api/v1/access-check?patient=9434765919&organisation=cornwall-hospital';
  let ours: Measured;
  let body: string;
  try {
    await waitForHealth(url, child);
    const check = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    body = await check.text();
    if (!check.ok) throw new Error(`access check answered ${check.status}: ${body}`);
    progress(`http: autocannon for ${seconds} s`);
    ours = await measure(`${url}${path}`, token, seconds, child.pid);
  } finally {
    await stop(child);
    scratch.remove();
  }
  const floor = await bareRoute(port + 1, token, body, path, seconds);
  const row = (metric: string, value: number, floorValue?: number, target?: string): Row => ({
    workload: 'HTTP GET /api/v1/access-check',
    store: 'SQLite FULL (reference host)',
    metric,
    ours: value,
    ...(floorValue === undefined ? {} : { floor: floorValue }),
    ...(target === undefined ? {} : { target }),
  });
  return [
    row('requests/s', ours.perSecond, floor.perSecond, '≥ 50 % of the floor'),
    row('p99 ms', ours.p99Ms, floor.p99Ms),
    ...(ours.cpuUsPerRequest === undefined
      ? []
      : [row('server CPU µs/request', ours.cpuUsPerRequest, floor.cpuUsPerRequest)]),
  ];
};
