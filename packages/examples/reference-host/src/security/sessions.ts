import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HostDb, StoredSession } from '../host/hostDb.js';
import { parseCookieHeader, serializeCookie, signValue, unsignValue } from './cookies.js';
import { emptySession, type SessionData } from '../host/principal.js';

/** Idle and absolute lifetimes: a forgotten session on a shared ward computer dies quickly. */
export interface SessionPolicy {
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly secureCookies: boolean;
}

export const defaultSessionPolicy = (production: boolean): SessionPolicy => ({
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  secureCookies: production,
});

interface LoadedSession {
  id: string | null;
  data: SessionData;
  createdAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: LoadedSession;
  }
}

const MAX_FORM_TOKENS = 32;
/**
 * Activity is written back at most this often (or a tenth of the idle limit, if shorter):
 * not a database write per request. A session may so end up to this much early, never late.
 */
const TOUCH_EVERY_MS = 60_000;
const STATIC_PREFIXES = ['/nhsuk/', '/assets/', '/static/'];
const newId = (): string => randomBytes(32).toString('base64url');

interface Changes {
  prune: boolean;
  ended: string[];
  saved: { readonly id: string; readonly session: StoredSession } | null;
}

/**
 * The session's changes are kept with the request and written to the host database as its
 * response goes out (an `onSend` hook, awaited): every change is stored before the browser
 * can send its next request, and the pages stay synchronous.
 */
export interface Sessions {
  readonly cookieName: string;
  /** Saves the session data, creating the session (and its cookie) when there is none. */
  save(request: FastifyRequest, reply: FastifyReply, data: SessionData): void;
  /** Signing in or out: the old id is dropped and a new one issued (no session fixation). */
  rotate(request: FastifyRequest, reply: FastifyReply, data: SessionData): void;
  /** Ends the session and clears its cookie. */
  destroy(request: FastifyRequest, reply: FastifyReply): void;
  /** A fresh single-use token for one form. */
  issueFormToken(request: FastifyRequest, reply: FastifyReply): string;
  /** True when the token was issued to this session and not used yet; it is used up either way. */
  consumeFormToken(request: FastifyRequest, reply: FastifyReply, token: unknown): boolean;
}

/** Server-side sessions in the host database, keyed by a signed, HTTP-only, SameSite=Strict cookie. */
export const installSessions = (
  app: FastifyInstance,
  db: HostDb,
  policy: SessionPolicy,
  now: () => number,
  secret: string,
): Sessions => {
  // `__Host-` makes the browser refuse the cookie unless it is Secure, path=/ and host-only.
  const cookieName = policy.secureCookies ? '__Host-consentry_session' : 'consentry_session';
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: policy.secureCookies,
  } as const;
  const touchEveryMs = Math.min(TOUCH_EVERY_MS, policy.idleMs / 10);
  // At most one Set-Cookie per response, written as the reply goes out.
  const outgoing = new WeakMap<FastifyRequest, string>();
  // What a request changed, written to the host database before its response goes out (so
  // the next request, on this host or another, sees it), in order: ended sessions, then the
  // session as it now is.
  const changes = new WeakMap<FastifyRequest, Changes>();
  const changesOf = (request: FastifyRequest): Changes => {
    const found = changes.get(request);
    if (found !== undefined) return found;
    const fresh: Changes = { prune: false, ended: [], saved: null };
    changes.set(request, fresh);
    return fresh;
  };
  app.addHook('onSend', async (request, reply, payload) => {
    const change = changes.get(request);
    if (change !== undefined) {
      changes.delete(request);
      if (change.prune) await db.pruneSessions(now() - policy.idleMs);
      for (const id of change.ended) await db.deleteSession(id);
      if (change.saved !== null) await db.saveSession(change.saved.id, change.saved.session);
    }
    const cookie = outgoing.get(request);
    if (cookie !== undefined) void reply.header('set-cookie', cookie);
    return payload;
  });

  app.decorateRequest('session', null as unknown as LoadedSession);
  app.addHook('onRequest', async (request) => {
    await loadSession(request);
  });
  const loadSession = async (request: FastifyRequest): Promise<void> => {
    request.session = { id: null, data: emptySession(), createdAt: now() };
    // Static files need no session, and must not cost a database write each.
    if (STATIC_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
    // An API call with a bearer token acts as the token alone (principalFromRequest.ts):
    // its cookie, if any, is never read, so it is not looked up either.
    if (request.headers.authorization !== undefined && request.url.startsWith('/api/')) return;
    const raw = parseCookieHeader(request.headers.cookie)[cookieName];
    const id = raw === undefined ? null : unsignValue(raw, secret);
    if (id === null) return;
    const stored = await db.loadSession(id);
    if (stored === undefined) return;
    const t = now();
    if (t - stored.lastSeenAt > policy.idleMs || t - stored.createdAt > policy.absoluteMs) {
      await db.deleteSession(id);
      return;
    }
    if (t - stored.lastSeenAt >= touchEveryMs)
      changesOf(request).saved = { id, session: { ...stored, lastSeenAt: t } };
    request.session = { id, data: stored.data, createdAt: stored.createdAt };
  };

  const write = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    data: SessionData,
  ): void => {
    const t = now();
    changesOf(request).saved = {
      id,
      session: { data, createdAt: request.session.createdAt, lastSeenAt: t },
    };
    if (request.session.id !== id)
      outgoing.set(request, serializeCookie(cookieName, signValue(id, secret), cookieOptions));
    request.session = { id, data, createdAt: request.session.createdAt };
  };

  const save: Sessions['save'] = (request, reply, data) => {
    // Each new session sweeps away the idle ones, so the table stays the size of the live sessions.
    if (request.session.id === null) changesOf(request).prune = true;
    write(request, reply, request.session.id ?? newId(), data);
  };

  const end = (request: FastifyRequest, id: string): void => {
    const change = changesOf(request);
    change.ended.push(id);
    if (change.saved?.id === id) change.saved = null;
  };

  return {
    cookieName,
    save,
    rotate: (request, reply, data) => {
      if (request.session.id !== null) end(request, request.session.id);
      request.session = { id: null, data: request.session.data, createdAt: now() };
      write(request, reply, newId(), data);
    },
    destroy: (request) => {
      if (request.session.id !== null) end(request, request.session.id);
      request.session = { id: null, data: emptySession(), createdAt: now() };
      outgoing.set(
        request,
        serializeCookie(cookieName, '', { ...cookieOptions, maxAgeSeconds: 0 }),
      );
    },
    issueFormToken: (request, reply) => {
      const token = newId();
      const formTokens = [...request.session.data.formTokens, token].slice(-MAX_FORM_TOKENS);
      save(request, reply, { ...request.session.data, formTokens });
      return token;
    },
    consumeFormToken: (request, reply, token) => {
      if (typeof token !== 'string' || request.session.id === null) return false;
      const given = Buffer.from(token);
      const match = request.session.data.formTokens.find((issued) => {
        const candidate = Buffer.from(issued);
        return candidate.length === given.length && timingSafeEqual(candidate, given);
      });
      if (match === undefined) return false;
      const formTokens = request.session.data.formTokens.filter((issued) => issued !== match);
      save(request, reply, { ...request.session.data, formTokens });
      return true;
    },
  };
};
