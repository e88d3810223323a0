/**
 * The folded state of recently used streams, so a command reads and decodes only the events
 * appended since it last looked instead of the whole stream.
 *
 * Why this is safe across processes: an entry says "positions 1..version fold to state".
 * Stored events never change, so that stays true whoever appends later; every load still
 * reads the stream from `version + 1`, so another host's appends are always seen, and the
 * append is still made at the version read. An entry is only a head start, never an answer.
 */
export interface StateCache {
  /** The state folded by `fold` up to some version of `stream`, if held. */
  readonly get: <S>(stream: string, fold: object) => CachedState<S> | undefined;
  readonly set: <S>(stream: string, fold: object, entry: CachedState<S>) => void;
  /** Drops what is held for `stream` (the store no longer matches it). */
  readonly forget: (stream: string) => void;
  /** Streams held now (at most `capacity`). */
  readonly size: () => number;
}

export interface CachedState<S> {
  readonly version: bigint;
  readonly state: S;
}

interface Entry {
  readonly fold: object;
  readonly cached: CachedState<unknown>;
}

/** The default bound: a few thousand busy patients' states, a few MB. */
export const DEFAULT_STATE_CACHE_STREAMS = 10_000;

/**
 * An approximately least-recently-used cache of at most `capacity` streams (0 turns it off),
 * in two generations: hits and new states go to the young one; when it is half full it
 * becomes the old one and the old one is dropped, so a stream not used for a whole
 * generation goes. No per-hit reordering: a Map delete on every hit showed in profiles.
 */
export const stateCache = (capacity: number = DEFAULT_STATE_CACHE_STREAMS): StateCache => {
  const half = Math.max(1, Math.floor(capacity / 2));
  let young = new Map<string, Entry>();
  let old = new Map<string, Entry>();
  const put = (stream: string, entry: Entry): void => {
    if (young.size >= half && !young.has(stream)) {
      old = young;
      young = new Map();
    }
    young.set(stream, entry);
  };
  const find = (stream: string): Entry | undefined => young.get(stream) ?? old.get(stream);
  return {
    get: <S>(stream: string, fold: object): CachedState<S> | undefined => {
      // One lookup for a young entry, the common case (a check reads four streams); an old
      // one is moved to the young generation.
      let entry = young.get(stream);
      if (entry === undefined) {
        entry = old.get(stream);
        if (entry === undefined || entry.fold !== fold) return undefined;
        put(stream, entry);
      }
      // A stream is folded by one fold in practice; a different one starts from scratch.
      return entry.fold === fold ? (entry.cached as CachedState<S>) : undefined;
    },
    set: <S>(stream: string, fold: object, cached: CachedState<S>): void => {
      if (capacity <= 0) return;
      // Two loads racing: keep whichever saw more of the stream.
      const held = find(stream);
      if (held !== undefined && held.fold === fold && held.cached.version > cached.version) return;
      put(stream, { fold, cached });
    },
    forget: (stream: string): void => {
      young.delete(stream);
      old.delete(stream);
    },
    size: () => young.size + [...old.keys()].filter((stream) => !young.has(stream)).length,
  };
};
