// Profiles the reference host under the http workload's load:
//   node profile/http.js [seconds]            (PROFILE=/tmp/dir adds --cpu-prof on the server)
// LOAD=404 asks for an unknown API path, LOAD=401 sends a wrong token: host cost alone.
// The host runs in its own process, autocannon in this one; the server's CPU time is read
// from /proc before and after, so the figure per request does not depend on how busy the
// other core is.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const seconds = Number(process.argv[2] ?? 5);
const port = Number(process.env.PORT ?? 3918);
const bin = fileURLToPath(
  new URL('../node_modules/@consentry/reference-host/bin/consentry.js', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'consentry-http-prof-'));
const env = {
  ...process.env,
  CONSENTRY_MODE: 'development', // the demo host; production is the default
  CONSENTRY_DATA_DIR: dir,
  CONSENTRY_PORT: String(port),
  CONSENTRY_HOST: '127.0.0.1',
  CONSENTRY_LOG_LEVEL: 'warn',
};
const demo = spawnSync(process.execPath, [bin, 'demo'], { env, encoding: 'utf8' });
const token = /API token for Cornwall Coast Hospital: (\S+)/.exec(demo.stdout + demo.stderr)?.[1];
if (token === undefined) throw new Error(`no token:\n${demo.stdout}${demo.stderr}`);
const profile = process.env.PROFILE;
const flags = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
const child = spawn(process.execPath, [...flags, bin, 'serve'], {
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
const path = '/api/v1/access-check?patient=9434765919&organisation=cornwall-hospital';
const headers = { authorization: `Bearer ${token}` };
const load = process.env.LOAD;
const loadPath = load === '404' ? '/api/v1/nothing' : path;
const loadHeaders = load === '401' ? { authorization: `Bearer ${'x'.repeat(43)}` } : headers;
const cpuMs = () => {
  // utime + stime, in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
try {
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      if (i > 100) throw new Error('host not healthy');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const check = await fetch(`${url}${path}`, { headers });
  if (!check.ok) throw new Error(`${check.status} ${await check.text()}`);
  // A short warm-up so the JIT has settled before the measured run.
  const options = { url: `${url}${loadPath}`, headers: loadHeaders, connections: 16 };
  await autocannon({ ...options, duration: 1 });
  const before = cpuMs();
  const result = await autocannon({ ...options, duration: seconds });
  const used = cpuMs() - before;
  if ((load === undefined && result.non2xx > 0) || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
  console.log(
    `${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ` +
      `server ${((used / result.requests.total) * 1000).toFixed(0)} µs CPU/request ` +
      `(${result.requests.total} requests, ${used} ms CPU, ${(used / (seconds * 10)).toFixed(0)}% of a core) ` +
      `→ ${Math.round(result.requests.total / (used / 1000))} req per server CPU-s`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
