import type pg from 'pg';

/**
 * Wakes subscriptions when events are appended: at once for appends made through this
 * process, and through LISTEN/NOTIFY for appends made by other processes. Only a hint:
 * subscriptions also poll, so a lost notification (a crash between commit and NOTIFY, a
 * dropped listening connection) delays delivery by at most one poll interval.
 */
export interface AppendSignal {
  /** After this process committed an append. */
  readonly appended: () => void;
  /** Registers a listener; the listening connection is open while any listener is. */
  readonly onAppend: (listener: () => void) => () => void;
  readonly close: () => Promise<void>;
}

const RECONNECT_MS = [100, 250, 500, 1000, 2000, 5000];

export const appendSignal = (
  pool: pg.Pool,
  channel: string,
  newClient: () => pg.Client,
  notifyDelayMs: number,
): AppendSignal => {
  const listeners = new Set<() => void>();
  let closed = false;
  let listening: pg.Client | undefined;
  let connecting = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const wakeAll = (): void => {
    for (const listener of [...listeners]) listener();
  };

  // NOTIFY is sent after the commit, not inside the append: a notifying transaction holds a
  // database-wide lock through its commit, which would serialise all concurrent appends.
  // And it is batched: at most one per `notifyDelayMs`, covering every append before it.
  let pending = false; // an append not yet covered by a NOTIFY that was sent after it
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;
  const announce = (): void => {
    pending = true;
    if (closed || timer !== undefined || sending !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      pending = false;
      sending = pool
        .query('SELECT pg_notify($1, $2)', [channel, ''])
        .then(
          () => undefined,
          () => undefined, // polling covers a lost notification
        )
        .then(() => {
          sending = undefined;
          if (pending) announce();
        });
    }, notifyDelayMs);
  };

  const scheduleReconnect = (): void => {
    if (closed || listeners.size === 0 || retry !== undefined) return;
    const delay = RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)] ?? 5000;
    failures += 1;
    retry = setTimeout(() => {
      retry = undefined;
      void listen();
    }, delay);
    retry.unref();
  };

  const drop = (client: pg.Client): void => {
    if (listening === client) listening = undefined;
    client.end().catch(() => undefined);
    scheduleReconnect();
  };

  const listen = async (): Promise<void> => {
    if (closed || listeners.size === 0 || listening !== undefined || connecting) return;
    connecting = true;
    const client = newClient();
    client.on('notification', wakeAll);
    client.on('error', () => drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
      failures = 0;
      listening = client;
      client.on('end', () => drop(client));
      if (closed || listeners.size === 0) await stopListening();
      else wakeAll(); // appends may have happened while we were not listening
    } catch {
      drop(client);
    } finally {
      connecting = false;
    }
  };

  const stopListening = async (): Promise<void> => {
    const client = listening;
    listening = undefined;
    if (retry !== undefined) clearTimeout(retry);
    retry = undefined;
    if (client !== undefined) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  };

  return {
    appended: () => {
      wakeAll();
      announce();
    },
    onAppend: (listener) => {
      listeners.add(listener);
      void listen();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) void stopListening();
      };
    },
    close: async () => {
      closed = true;
      listeners.clear();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await stopListening();
      await sending;
    },
  };
};
