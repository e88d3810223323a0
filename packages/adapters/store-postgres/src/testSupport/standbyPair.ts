import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './privateCluster.js';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '../../../../../.ci/postgres-pair.sh');

/** A primary with a synchronous standby, made for one test by .ci/postgres-pair.sh. */
export interface StandbyPair {
  readonly primaryUrl: string;
  readonly standbyUrl: string;
  /** Both servers, libpq style, for whichever accepts writes. */
  readonly readWriteUrl: string;
  /** Freezes, then SIGKILLs, every process of the primary (a machine lost mid-work); resolves with when it froze. */
  readonly killPrimary: () => Promise<number>;
  /** `pg_ctlcluster … promote`: the standby becomes the primary (waits until it is). */
  readonly promote: () => Promise<void>;
  readonly drop: () => Promise<void>;
}

const version = (): string =>
  readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .pop() as string;

export const createStandbyPair = async (): Promise<StandbyPair> => {
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const name = `consentry_pair_${process.pid}`;
  const { stdout } = await run('bash', [SCRIPT, String(primaryPort), String(standbyPort), name], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const [primaryUrl = '', standbyUrl = ''] = stdout.trim().split('\n').slice(-2);
  const v = version();
  const cluster = (role: 'primary' | 'standby') => `${name}_${role}`;
  const ctl = (role: 'primary' | 'standby', ...args: string[]) =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', v, cluster(role), ...args]);
  return {
    primaryUrl,
    standbyUrl,
    readWriteUrl: `postgres://consentry:consentry@127.0.0.1:${primaryPort},127.0.0.1:${standbyPort}/consentry_test?target_session_attrs=read-write`,
    killPrimary: async () => {
      const pidFile = `/var/lib/postgresql/${v}/${cluster('primary')}/postmaster.pid`;
      const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      const { stdout: children } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]);
      const pids = [
        postmaster,
        ...children
          .split('\n')
          .filter((p) => p.trim() !== '')
          .map(Number),
      ];
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      const frozenAt = Date.now();
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      return frozenAt;
    },
    promote: async () => {
      await ctl('standby', 'promote');
    },
    drop: async () => {
      for (const role of ['standby', 'primary'] as const) {
        await run('pg_dropcluster', ['--stop', v, cluster(role)]).catch(() =>
          run('pg_dropcluster', [v, cluster(role)]).catch(() => undefined),
        );
      }
    },
  };
};
