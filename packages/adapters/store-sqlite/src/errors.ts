import type { StoreFailure, StoreUnavailable } from '@consentry/core';

/** Why a file cannot be opened as a Consentry store; the file is left exactly as it was. */
export type IncompatibleReason = 'not-sqlite' | 'not-consentry' | 'newer-schema';

export interface IncompatibleStoreFile {
  readonly _tag: 'IncompatibleStoreFile';
  readonly code: 'CONSENTRY_INCOMPATIBLE_STORE_FILE';
  readonly reason: IncompatibleReason;
  readonly message: string;
}

/** What opening a store can fail with: a file we must not touch, a busy file, or a bug. */
export type OpenStoreError = IncompatibleStoreFile | StoreUnavailable | StoreFailure;

export const incompatibleStoreFile = (
  reason: IncompatibleReason,
  message: string,
): IncompatibleStoreFile => ({
  _tag: 'IncompatibleStoreFile',
  code: 'CONSENTRY_INCOMPATIBLE_STORE_FILE',
  reason,
  message,
});

/** Guard by stable `code`, so it works across package copies. */
export const isIncompatibleStoreFile = (e: unknown): e is IncompatibleStoreFile =>
  typeof e === 'object' &&
  e !== null &&
  (e as { code?: unknown }).code === 'CONSENTRY_INCOMPATIBLE_STORE_FILE';
