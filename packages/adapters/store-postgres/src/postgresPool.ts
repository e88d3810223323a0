import pg from 'pg';

/**
 * libpq's `target_session_attrs`, which node-pg does not implement: which server of a
 * multi-host connection string a connection may use.
 */
export type TargetSessionAttrs =
  'any' | 'read-write' | 'primary' | 'read-only' | 'standby' | 'prefer-standby';

const ATTRS: readonly TargetSessionAttrs[] = [
  'any',
  'read-write',
  'primary',
  'read-only',
  'standby',
  'prefer-standby',
];

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

export interface ParsedConnectionString {
  readonly hosts: readonly ServerAddress[];
  readonly targetSessionAttrs: TargetSessionAttrs;
  /** The settings for one server (the first), as pg reads them; the host is chosen per connection. */
  readonly single: string;
}

/**
 * Splits `postgres://user:pw@h1:5432,h2:5433/db?target_session_attrs=read-write` into its
 * servers, the attribute and a one-server URL pg can read. Throws on a malformed string (a
 * configuration mistake, found at start-up).
 */
export const parseConnectionString = (url: string): ParsedConnectionString => {
  const match = /^(postgres(?:ql)?:\/\/)([^@/?]*@)?([^/?]*)(.*)$/.exec(url);
  if (match === null) throw new Error('not a postgres:// connection string');
  const [, scheme = '', credentials = '', hostList = '', rest = ''] = match;
  const hosts = hostList.split(',').map((entry): ServerAddress => {
    const hostPort = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(entry);
    if (hostPort === null || hostPort[1] === '')
      throw new Error(`bad host "${entry}" in the connection string`);
    return {
      host: (hostPort[1] as string).replace(/^\[|\]$/g, ''),
      port: Number(hostPort[2] ?? 5432),
    };
  });
  const [path = '', query = ''] = rest.split('?', 2);
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (!ATTRS.includes(attrs as TargetSessionAttrs))
    throw new Error(`target_session_attrs must be one of ${ATTRS.join(', ')}`);
  params.delete('target_session_attrs');
  const first = hosts[0] as ServerAddress;
  const hostText = first.host.includes(':') ? `[${first.host}]` : first.host;
  const search = params.toString();
  return {
    hosts,
    targetSessionAttrs: attrs as TargetSessionAttrs,
    single: `${scheme}${credentials}${hostText}:${first.port}${path}${search === '' ? '' : `?${search}`}`,
  };
};

interface ServerState {
  readonly inRecovery: boolean;
  readonly readOnly: boolean;
}

const fits = (attrs: TargetSessionAttrs, state: ServerState): boolean => {
  switch (attrs) {
    case 'any':
    case 'prefer-standby':
      return true;
    case 'read-write':
      return !state.readOnly;
    case 'primary':
      return !state.inRecovery;
    case 'read-only':
      return state.readOnly;
    case 'standby':
      return state.inRecovery;
  }
};

const STATE_SQL = `SELECT pg_is_in_recovery() AS r, current_setting('transaction_read_only') = 'on' AS ro`;

// A connection string's host wins over a `host` setting, so the server is set on the client
// itself, which is what pg connects to.
const aim = (client: pg.Client, server: ServerAddress): void => {
  const target = client as unknown as { host: string; port: number };
  target.host = server.host;
  target.port = server.port;
};

type Connect = (this: pg.Client, callback: (error?: Error) => void) => void;
const baseConnect = (pg.Client.prototype as unknown as { _connect: Connect })._connect;

/**
 * A `pg.Client` class that, like libpq, connects to the first server of `hosts` that fits
 * `attrs`, and remembers it for the next connection. When that server stops answering or no
 * longer fits (a failover: the old primary is gone, a standby was promoted), the next
 * connection asks every server again, in order. A connection that lands on a server that does
 * not fit is refused, so a pool never keeps one.
 */
export const targetedClient = (
  hosts: readonly ServerAddress[],
  attrs: TargetSessionAttrs,
): typeof pg.Client => {
  let known: ServerAddress | undefined;

  const probe = async (config: pg.ClientConfig, server: ServerAddress): Promise<ServerState> => {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 2000 });
    aim(client, server);
    client.on('error', () => undefined);
    try {
      await client.connect();
      const result = await client.query<{ r: boolean; ro: boolean }>(STATE_SQL);
      const row = result.rows[0] as { r: boolean; ro: boolean };
      return { inRecovery: row.r, readOnly: row.ro };
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  /** The first server that fits (with `prefer-standby`: the first standby, else the first that answers). */
  const discover = async (config: pg.ClientConfig): Promise<ServerAddress> => {
    const answered: { server: ServerAddress; state: ServerState }[] = [];
    for (const server of hosts) {
      const state = await probe(config, server).catch(() => undefined);
      if (state === undefined) continue;
      if (attrs === 'prefer-standby' ? state.inRecovery : fits(attrs, state)) return server;
      answered.push({ server, state });
    }
    const fallback = attrs === 'prefer-standby' ? answered[0] : undefined;
    if (fallback !== undefined) return fallback.server;
    const error = new Error(
      `no server of ${hosts.map((h) => `${h.host}:${h.port}`).join(',')} is ${attrs} (target_session_attrs)`,
    );
    (error as Error & { code: string }).code = '08001';
    throw error;
  };

  class TargetedClient extends pg.Client {
    private readonly settings: pg.ClientConfig;
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.settings = typeof config === 'string' ? { connectionString: config } : (config ?? {});
    }
    // pg calls _connect for both the callback and the promise form of connect().
    _connect(callback: (error?: Error) => void): void {
      void (async () => {
        const target = known ?? (await discover(this.settings));
        aim(this, target);
        await new Promise<void>((resolve, reject) =>
          baseConnect.call(this, (error?: Error) =>
            error === undefined || error === null ? resolve() : reject(error),
          ),
        ).catch((error: unknown) => {
          if (known === target) known = undefined;
          throw error;
        });
        if (attrs !== 'any') {
          const result = await this.query<{ r: boolean; ro: boolean }>(STATE_SQL);
          const row = result.rows[0] as { r: boolean; ro: boolean };
          const state = { inRecovery: row.r, readOnly: row.ro };
          if (!fits(attrs, state) && !(attrs === 'prefer-standby')) {
            if (known === target) known = undefined;
            await this.end().catch(() => undefined);
            const error = new Error(`${target.host}:${target.port} is no longer ${attrs}`);
            (error as Error & { code: string }).code = '08001';
            throw error;
          }
        }
        known = target;
      })().then(
        () => callback(),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
  }
  return TargetedClient;
};

/**
 * A `pg.Pool` for a connection string that may name several servers and
 * `target_session_attrs` (libpq's syntax, which pg alone ignores): every connection goes to
 * the first server that fits, and after a failover new connections find the new one.
 * `postgres://u:p@db1:5432,db2:5432/consentry?target_session_attrs=read-write` for the store;
 * `...?target_session_attrs=prefer-standby` for reads from a replica.
 */
export const postgresPool = (
  url: string,
  options: Omit<pg.PoolConfig, 'connectionString'> = {},
): pg.Pool => {
  const parsed = parseConnectionString(url);
  return new pg.Pool({
    ...options,
    connectionString: parsed.single,
    Client: targetedClient(parsed.hosts, parsed.targetSessionAttrs),
  });
};

/**
 * A store URL's `schema` parameter (the one `consentry audit verify --store` reads), taken
 * out: pg would not know it. Default `consentry`.
 */
export const schemaFromUrl = (url: string): { readonly url: string; readonly schema: string } => {
  const [base = '', query] = url.split('?', 2);
  if (query === undefined) return { url, schema: 'consentry' };
  const params = new URLSearchParams(query);
  const schema = params.get('schema') ?? 'consentry';
  params.delete('schema');
  const rest = params.toString();
  return { url: rest === '' ? base : `${base}?${rest}`, schema };
};
