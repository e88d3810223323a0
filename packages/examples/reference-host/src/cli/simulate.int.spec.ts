import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { simulate } from './simulate.js';

const library = path.resolve(__dirname, '../../../scenarios');
const fixture = (name: string) => path.join(__dirname, '__fixtures__', name);
const bin = path.resolve(__dirname, '../../bin/consentry.js');

const run = async (paths: readonly string[]) => {
  let output = '';
  const status = await simulate(paths, (text) => {
    output += text;
  });
  return { status, output };
};

describe('consentry simulate', () => {
  it('runs the whole scenario library and exits 0', async () => {
    const { status, output } = await run([library]);
    const files = fs.readdirSync(library).filter((f) => f.endsWith('.yaml')).length;
    expect(output).toMatch(
      new RegExp(
        `^${files} scenario files: ${files} passed, 0 failed, 0 not run; \\d+ steps, 0 failed$`,
        'm',
      ),
    );
    expect(output).not.toContain('✗');
    expect(status).toBe(0);
  }, 60_000);

  it('exits 2 for a file that does not match the format, naming file, line and field', async () => {
    const file = fixture('broken.yaml');
    const { status, output } = await run([file]);
    expect(status).toBe(2);
    expect(output).toContain(
      `${file}:13: steps[1].expect.outcome: expected "permit" | "deny" | "verify" | "ask-patient", got "permitted"`,
    );
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 for a file that cannot be read', async () => {
    const { status, output } = await run([fixture('no-such-file.yaml')]);
    expect(status).toBe(2);
    expect(output).toContain(`${fixture('no-such-file.yaml')}: cannot read the file (ENOENT)`);
  });

  it('exits 1 when an expectation fails, with file:line and expected versus actual', async () => {
    const file = fixture('wrong-expectation.yaml');
    const { status, output } = await run([file]);
    expect(status).toBe(1);
    expect(output).toContain(
      `${file}:13: step 2 requestAccess: outcome expected permit, got verify`,
    );
    expect(output).toContain(
      `${file}:13: step 2 requestAccess: basis expected patient-consent, got verify (sms)`,
    );
    expect(output).toMatch(/✓ line 15 +enterCode +permit \(verified-code\)/);
    expect(output).toContain('1 scenario file: 0 passed, 1 failed, 0 not run; 3 steps, 1 failed');
  });

  it('is the built `consentry simulate` command, with the same exit status and no stack trace', () => {
    if (!fs.existsSync(path.resolve(__dirname, '../../dist/cli/simulate.js')))
      throw new Error('packages/examples/reference-host/dist is missing: run `pnpm build` first');
    const broken = fixture('broken.yaml');
    const result = spawnSync('node', [bin, 'simulate', broken, fixture('wrong-expectation.yaml')], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`${broken}:13: steps[1].expect.outcome`);
    expect(result.stdout).toContain('2 scenario files: 0 passed, 1 failed, 1 not run');
    expect(result.stderr).toBe('');
  }, 60_000);
});
