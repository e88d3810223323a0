import { NotifyClient } from 'notifications-node-client';

export interface NotifyClientSettings {
  /** The API key from Notify's "API integration" page: `{name}-{service id}-{secret}`. */
  readonly apiKey: string;
  /** Notify's API; change it only to talk to a local stand-in. */
  readonly baseUrl?: string;
  /** Abandon a request after this many ms (a retryable `timeout`). Default 10 s. */
  readonly timeoutMs?: number;
}

/** The callable axios the client already uses, which can make a copy with a timeout. */
interface RestClient {
  create(config: { timeout: number }): unknown;
}

/**
 * A `NotifyClient` with a request timeout. The client has no timeout option of its own, so
 * this gives it a copy of its own axios with one (through the client's `setClient`).
 */
export const notifyClient = (settings: NotifyClientSettings): NotifyClient => {
  const client = new NotifyClient(
    settings.baseUrl ?? 'https://api.notifications.service.gov.uk',
    settings.apiKey,
  );
  const restClient = (client.apiClient as { restClient: RestClient }).restClient;
  client.setClient(
    restClient.create({ timeout: settings.timeoutMs ?? 10_000 }) as Parameters<
      NotifyClient['setClient']
    >[0],
  );
  return client;
};
