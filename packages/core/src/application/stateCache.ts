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
 * A least-recently-used cache holding at most `capacity` streams (0 turns it off). A Map
 * keeps insertion order, so re-inserting on every hit makes the first key the coldest.
 */
export const stateCache = (capacity: number = DEFAULT_STATE_CACHE_STREAMS): StateCache => {
  const entries = new Map<string, Entry>();
  return {
    get: <S>(stream: string, fold: object): CachedState<S> | undefined => {
      const entry = entries.get(stream);
      // A stream is folded by one fold in practice; a different one starts from scratch.
      if (entry === undefined || entry.fold !== fold) return undefined;
      entries.delete(stream);
      entries.set(stream, entry);
      return entry.cached as CachedState<S>;
    },
    set: <S>(stream: string, fold: object, cached: CachedState<S>): void => {
      if (capacity <= 0) return;
      // Two loads racing: keep whichever saw more of the stream.
      const held = entries.get(stream);
      if (held !== undefined && held.fold === fold && held.cached.version > cached.version) return;
      entries.delete(stream);
      entries.set(stream, { fold, cached });
      if (entries.size > capacity) {
        const coldest = entries.keys().next();
        if (coldest.done !== true) entries.delete(coldest.value);
      }
    },
    forget: (stream: string): void => {
      entries.delete(stream);
    },
    size: () => entries.size,
  };
};
