import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Consentry, EventStore, Keyring, Notifier } from '@consentry/core';
import type { CapturingNotifier } from '@consentry/core/testing';
import type { SignInSettings } from '../config/signIn.js';
import type { HostDb } from '../host/hostDb.js';
import type { SharedRecords } from '../host/records.js';
import type { ReplicaReads } from '../host/replica.js';
import type { HostMetrics } from '../metrics/registry.js';
import type { SessionPolicy, Sessions } from '../security/sessions.js';

// The host's context: what the app is given (AppDeps) and what every route module receives
// (RouteContext). It imports only what lies below the routes (host/, config/, security/,
// metrics/), so web/, api/, oidc/ and fhir/ depend on it and it on none of them
// (docs/architecture.md, "The reference host's layers").

/** Everything the app needs from outside; tests pass an in-memory store and a capturing notifier. */
export interface AppDeps {
  readonly consentry: Consentry;
  /** The store the facade writes to, read by the FHIR API (fhir/). */
  readonly eventStore: EventStore;
  readonly hostDb: HostDb;
  /** Demonstration clinical entries shown on "view the shared record". */
  readonly records: SharedRecords;
  /** Sends patient sign-in codes (the facade sends its own messages). */
  readonly notifier: Notifier;
  /** The development outbox: shown at /dev/outbox in development mode only. */
  readonly outbox: CapturingNotifier | null;
  readonly keyring: Keyring;
  readonly logger: Logger;
  readonly mode: 'development' | 'production';
  /** Signs session cookies. */
  readonly cookieSecret: string;
  readonly now: () => Date;
  /** Lower limits for tests; defaults suit people. */
  readonly limits?: Partial<HostLimits>;
  readonly sessionPolicy?: Partial<SessionPolicy>;
  /** Prometheus metrics, served at /metrics to a token with the `metrics` scope (docs/reference-host.md). */
  readonly metrics?: HostMetrics;
  /** OpenID Connect providers and whether the local sign-in forms are on; absent: local only. */
  readonly signIn?: SignInSettings;
  /** CONSENTRY_STORE_REPLICA: API reads sent a commit token are served from the standby (api/define.ts). */
  readonly replicaReads?: ReplicaReads;
}

export interface HostLimits {
  /** Sign-in and code-entry attempts per client address per minute. */
  readonly attemptsPerMinute: number;
  readonly bodyLimitBytes: number;
}

/** Renders the web pages (web/views.ts makes it). */
export interface Views {
  /** Renders a page with the layout's shared values: who is signed in, a fresh form token, the CSP nonce. */
  page(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context?: Record<string, unknown>,
  ): FastifyReply;
}

/** What every route module receives: the app's dependencies and what buildApp makes of them. */
export interface RouteContext extends AppDeps {
  readonly sessions: Sessions;
  readonly views: Views;
  readonly limits: HostLimits;
}
