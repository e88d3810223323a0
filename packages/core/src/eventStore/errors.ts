import type { ExpectedVersion } from './expectedVersion.js';

/** The one conflict error: every adapter maps its native signal onto it. */
export interface VersionConflict {
  readonly _tag: 'VersionConflict';
  readonly code: 'CONSENTRY_VERSION_CONFLICT';
  readonly streamName: string;
  readonly expected: ExpectedVersion;
  /** The stream's real current version (0n when the stream does not exist). */
  readonly actual: bigint;
  readonly message: string;
}

/** The back end is busy, unreachable or timed out; the same call may succeed later. */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable';
  readonly code: 'CONSENTRY_STORE_UNAVAILABLE';
  readonly message: string;
  readonly cause?: unknown;
}

/** The caller asked for something the store cannot do (empty append, data that is not JSON). */
export interface InvalidAppend {
  readonly _tag: 'InvalidAppend';
  readonly code: 'CONSENTRY_INVALID_APPEND';
  readonly message: string;
}

/** Anything else: a bug, a corrupt row, an unexpected driver error. Not retried. */
export interface StoreFailure {
  readonly _tag: 'StoreFailure';
  readonly code: 'CONSENTRY_STORE_FAILURE';
  readonly message: string;
  readonly cause?: unknown;
}

export type StoreError = VersionConflict | StoreUnavailable | InvalidAppend | StoreFailure;

const describe = (v: ExpectedVersion): string => (typeof v === 'bigint' ? v.toString() : v);

export const versionConflict = (
  streamName: string,
  expected: ExpectedVersion,
  actual: bigint,
): VersionConflict => ({
  _tag: 'VersionConflict',
  code: 'CONSENTRY_VERSION_CONFLICT',
  streamName,
  expected,
  actual,
  message: `Stream ${streamName}: expected version ${describe(expected)}, but it is at ${actual.toString()}`,
});

export const storeUnavailable = (message: string, cause?: unknown): StoreUnavailable =>
  cause === undefined
    ? { _tag: 'StoreUnavailable', code: 'CONSENTRY_STORE_UNAVAILABLE', message }
    : { _tag: 'StoreUnavailable', code: 'CONSENTRY_STORE_UNAVAILABLE', message, cause };

export const invalidAppend = (message: string): InvalidAppend => ({
  _tag: 'InvalidAppend',
  code: 'CONSENTRY_INVALID_APPEND',
  message,
});

export const storeFailure = (message: string, cause?: unknown): StoreFailure =>
  cause === undefined
    ? { _tag: 'StoreFailure', code: 'CONSENTRY_STORE_FAILURE', message }
    : { _tag: 'StoreFailure', code: 'CONSENTRY_STORE_FAILURE', message, cause };

const hasCode = (e: unknown, code: string): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;

/** Guards by stable `code`, so they work across package copies (no `instanceof`). */
export const isVersionConflict = (e: unknown): e is VersionConflict =>
  hasCode(e, 'CONSENTRY_VERSION_CONFLICT');
export const isStoreUnavailable = (e: unknown): e is StoreUnavailable =>
  hasCode(e, 'CONSENTRY_STORE_UNAVAILABLE');
export const isInvalidAppend = (e: unknown): e is InvalidAppend =>
  hasCode(e, 'CONSENTRY_INVALID_APPEND');
export const isStoreFailure = (e: unknown): e is StoreFailure =>
  hasCode(e, 'CONSENTRY_STORE_FAILURE');
export const isStoreError = (e: unknown): e is StoreError =>
  isVersionConflict(e) || isStoreUnavailable(e) || isInvalidAppend(e) || isStoreFailure(e);
