import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../web/paths.js';

// Runs the built program, as a user would (`pnpm test` builds first).
const bin = path.join(paths.templates, '..', 'bin', 'consentry.js');
const built = fs.existsSync(path.join(paths.templates, '..', 'dist', 'cli', 'main.js'));

const environment = (dataDir: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  CONSENTRY_DATA_DIR: dataDir,
  CONSENTRY_LOG_LEVEL: 'warn',
  ...extra,
});

describe('the consentry program', () => {
  let dataDir: string;
  beforeEach(() => {
    if (!built)
      throw new Error('packages/examples/reference-host/dist is missing: run `pnpm build` first');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-cli-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints its version: the package’s', () => {
    const result = spawnSync('node', [bin, '--version'], { encoding: 'utf8' });
    const { version } = JSON.parse(
      fs.readFileSync(path.join(paths.templates, '..', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('draws who could see a record as an HTML page with an SVG (audit report --html)', () => {
    const env = environment(dataDir, { CONSENTRY_MODE: 'development' });
    expect(spawnSync('node', [bin, 'demo'], { env, encoding: 'utf8' }).status).toBe(0);
    const html = spawnSync(
      'node',
      [bin, 'audit', 'report', '--patient', '943 476 5919', '--html'],
      { env, encoding: 'utf8' },
    );
    expect(html.status).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).toContain('<h1>Who could see Alice Smith’s record</h1>');
    expect(html.stdout).toMatch(/<svg [^>]*role="img"/);
    expect(html.stdout).toContain('Wigston Lane Surgery: the patient’s GP practice');
  }, 60_000);

  it('names a bad variable in one line and exits with status 2', () => {
    const result = spawnSync('node', [bin, 'serve'], {
      env: environment(dataDir, { CONSENTRY_PORT: 'eighty' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'consentry: CONSENTRY_PORT must be a port number from 0 to 65535 (0: any free port)',
    );
  });

  it('seeds the demo idempotently: the second run creates nothing', () => {
    const first = spawnSync('node', [bin, 'demo'], { env: environment(dataDir), encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Demo data: 7 created, 0 already there/);
    expect(first.stdout).toContain('NHS number 9434765919');
    const second = spawnSync('node', [bin, 'demo'], {
      env: environment(dataDir),
      encoding: 'utf8',
    });
    expect(second.stdout).toMatch(/Demo data: 0 created, 7 already there/);
  }, 60_000);

  it('serves /health and shuts down cleanly on SIGTERM', async () => {
    const child = spawn('node', [bin, 'serve'], {
      env: environment(dataDir, { CONSENTRY_MODE: 'development', CONSENTRY_PORT: '0' }),
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const health = await fetch(`${url}health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: 'ok', mode: 'development' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
