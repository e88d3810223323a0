/** A stream's version and the hash of its last event, as the `streams` table holds them. */
export interface StreamHead {
  readonly version: bigint;
  readonly hash: string;
}

/**
 * The heads this process last wrote or read, so the next append to a stream can go in one
 * round trip. Only a guess: the append's compare-and-set checks it against the table, and a
 * stale entry costs one extra read. Bounded (least recently used goes first), so memory and
 * append cost stay flat however many streams the store holds.
 */
export interface StreamHeadCache {
  get(stream: string): StreamHead | undefined;
  set(stream: string, head: StreamHead): void;
  forget(stream: string): void;
}

export const streamHeadCache = (capacity: number): StreamHeadCache => {
  const heads = new Map<string, StreamHead>();
  return {
    get: (stream) => {
      const head = heads.get(stream);
      if (head !== undefined) {
        // Map keeps insertion order: re-inserting marks it most recently used.
        heads.delete(stream);
        heads.set(stream, head);
      }
      return head;
    },
    set: (stream, head) => {
      if (capacity <= 0) return;
      heads.delete(stream);
      heads.set(stream, head);
      if (heads.size > capacity) {
        const oldest = heads.keys().next();
        if (oldest.done !== true) heads.delete(oldest.value);
      }
    },
    forget: (stream) => {
      heads.delete(stream);
    },
  };
};
