import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster (Debian's pg_createcluster) that one test may restart or
 * crash without disturbing the shared server other suites use. Needs root, as CI has.
 */
export interface PrivateCluster {
  readonly url: string;
  /** `immediate` is a crash: no shutdown checkpoint, the WAL is replayed on start. */
  readonly restart: (mode: 'fast' | 'immediate') => Promise<void>;
  readonly drop: () => Promise<void>;
}

/** Why this process cannot create clusters, or undefined when it can. */
export const clusterControlMissing = (): string | undefined => {
  if (process.getuid?.() !== 0) return 'creating a PostgreSQL cluster needs root';
  if (!existsSync('/usr/bin/pg_createcluster'))
    return 'pg_createcluster (postgresql-common) is not installed';
  if (!existsSync('/usr/lib/postgresql') || readdirSync('/usr/lib/postgresql').length === 0) {
    return 'no PostgreSQL server is installed';
  }
  return undefined;
};

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });

export const createPrivateCluster = async (): Promise<PrivateCluster> => {
  const version = readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .pop() as string;
  await dropLeftovers(version);
  const name = `consentry_restart_${process.pid}`;
  const port = await freePort();
  await run('pg_createcluster', [version, name, '--port', String(port)]);
  writeFileSync(
    `/etc/postgresql/${version}/${name}/conf.d/consentry.conf`,
    "listen_addresses = '127.0.0.1'\n",
  );
  const ctl = (...args: string[]): Promise<unknown> =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...args]);
  const psql = (sql: string): Promise<unknown> =>
    run('runuser', [
      '-u',
      'postgres',
      '--',
      'psql',
      '-p',
      String(port),
      '-v',
      'ON_ERROR_STOP=1',
      '-qc',
      sql,
    ]);
  await ctl('start');
  await psql("CREATE ROLE consentry LOGIN PASSWORD 'consentry'");
  await psql('CREATE DATABASE consentry_restart OWNER consentry');
  return {
    url: `postgres://consentry:consentry@127.0.0.1:${port}/consentry_restart`,
    restart: async (mode) => {
      await ctl('restart', '-m', mode);
    },
    drop: async () => {
      await run('pg_dropcluster', ['--stop', version, name]);
    },
  };
};

// A run that died before its teardown leaves its cluster behind; remove those that are down.
const dropLeftovers = async (version: string): Promise<void> => {
  const { stdout } = await run('pg_lsclusters', ['-h']);
  for (const [v, name, , status] of stdout.split('\n').map((line) => line.split(/\s+/))) {
    if (v === version && name?.startsWith('consentry_restart_') === true && status === 'down') {
      await run('pg_dropcluster', [version, name]);
    }
  }
};
