import type { RecordedEvent } from '../eventStore/envelope.js';
import { chainHash, GENESIS_HASH } from '../eventStore/hashChain.js';
import type { StreamHead } from './checkpoint.js';
import { finding, type TamperFinding, type TamperKind } from './findings.js';

interface StreamState {
  version: bigint;
  hash: string;
  /** The hash before `hash`: an event slipped in with a freshly computed hash shows against it. */
  previousHash: string;
  /** After the first problem in a stream, later events of it are not judged (they would all cascade). */
  broken: boolean;
  /** A hash mismatch waiting for the next event to tell an inserted event from a changed one. */
  mismatch?: { previousHash: string; event: RecordedEvent } | undefined;
  /** Missing positions waiting to see whether they turn up later in the log (reordered) or never (removed). */
  gap?: { from: bigint; to: bigint; before: RecordedEvent } | undefined;
}

const moved = (event: RecordedEvent, position: bigint): RecordedEvent => ({
  ...event,
  streamPosition: position,
});
const range = (from: bigint, to: bigint): string =>
  from === to
    ? `position ${from.toString()} is`
    : `positions ${from.toString()}–${to.toString()} are`;

/**
 * Walks the log in global order and checks each stream's positions and hash chain and
 * its signed head. Streaming: it keeps one small record per stream, never the events.
 * It reports the first problem of each stream.
 */
export class StreamChecker {
  private readonly streams = new Map<string, StreamState>();
  readonly findings: TamperFinding[] = [];
  events = 0;

  constructor(private readonly signedHeads: ReadonlyMap<string, StreamHead>) {}

  get streamCount(): number {
    return this.streams.size;
  }

  visit(event: RecordedEvent): void {
    this.events += 1;
    let s = this.streams.get(event.streamName);
    if (s === undefined) {
      s = { version: 0n, hash: GENESIS_HASH, previousHash: GENESIS_HASH, broken: false };
      this.streams.set(event.streamName, s);
    }
    if (!s.broken) this.judge(s, event);
    if (event.streamPosition > s.version) {
      s.version = event.streamPosition;
      s.previousHash = s.hash;
      s.hash = event.hash;
    }
  }

  private judge(s: StreamState, event: RecordedEvent): void {
    const p = event.streamPosition;
    if (s.gap !== undefined) {
      const gap = s.gap;
      s.gap = undefined;
      if (p >= gap.from && p <= gap.to) {
        return this.report(
          s,
          'reordered',
          event,
          `position ${p.toString()} comes after position ${gap.before.streamPosition.toString()} in the global order`,
        );
      }
      return this.reportGap(s, gap);
    }
    if (p <= s.version) {
      return this.report(
        s,
        'reordered',
        event,
        `position ${p.toString()} comes after position ${s.version.toString()}`,
      );
    }
    if (s.mismatch !== undefined) return this.settleMismatch(s, event);
    if (p > s.version + 1n) {
      s.gap = { from: s.version + 1n, to: p - 1n, before: event };
      return;
    }
    if (chainHash(s.hash, event) !== event.hash) {
      // It chains to the event two back, one position down: the event just before it was slipped in.
      if (p > 1n && chainHash(s.previousHash, moved(event, p - 1n)) === event.hash) {
        return this.report(
          s,
          'inserted',
          { ...event, streamPosition: p - 1n },
          'it is not in the hash chain: the event after it chains to the event before it',
        );
      }
      s.mismatch = { previousHash: s.hash, event };
      return;
    }
    const head = this.signedHeads.get(event.streamName);
    if (head !== undefined && head.version === p && head.hash !== event.hash) {
      this.report(
        s,
        'changed',
        event,
        'differs from the hash a signed checkpoint recorded here (the stream was rewritten)',
      );
    }
  }

  private settleMismatch(s: StreamState, next: RecordedEvent): void {
    const { previousHash, event } = s.mismatch!;
    s.mismatch = undefined;
    // Two neighbours whose stream positions were swapped: each chains in the other's place.
    if (
      chainHash(previousHash, moved(next, event.streamPosition)) === next.hash &&
      chainHash(next.hash, moved(event, next.streamPosition)) === event.hash
    ) {
      return this.report(
        s,
        'reordered',
        event,
        `positions ${event.streamPosition.toString()} and ${next.streamPosition.toString()} were swapped`,
      );
    }
    // The event after the bad one chains to the event before it, one position down: the bad one was slipped in.
    if (chainHash(previousHash, moved(next, event.streamPosition)) === next.hash) {
      return this.report(
        s,
        'inserted',
        event,
        'it is not in the hash chain: the event after it chains to the event before it',
      );
    }
    this.classifyMismatch(s, previousHash, event);
  }

  private classifyMismatch(s: StreamState, previousHash: string, event: RecordedEvent): void {
    const p = event.streamPosition;
    if (p > 1n && chainHash(previousHash, moved(event, p - 1n)) === event.hash) {
      return this.report(
        s,
        'reordered',
        event,
        `it was written as position ${(p - 1n).toString()}`,
      );
    }
    this.report(s, 'changed', event, 'its hash does not match its content and the event before it');
  }

  /** Call after the last event: settles what waited for more, and checks signed heads. */
  finish(): void {
    for (const [name, s] of this.streams) {
      if (!s.broken && s.gap !== undefined) this.reportGap(s, s.gap);
      if (!s.broken && s.mismatch !== undefined)
        this.classifyMismatch(s, s.mismatch.previousHash, s.mismatch.event);
      const head = this.signedHeads.get(name);
      if (!s.broken && head !== undefined && s.version < head.version) {
        this.findings.push(
          finding(
            'removed',
            name,
            s.version + 1n,
            `a signed checkpoint recorded version ${head.version.toString()}, but the stream ends at ${s.version.toString()}`,
          ),
        );
      }
    }
    for (const [name, head] of this.signedHeads) {
      if (!this.streams.has(name)) {
        this.findings.push(
          finding(
            'removed',
            name,
            1n,
            `a signed checkpoint recorded version ${head.version.toString()}, but the stream is gone`,
          ),
        );
      }
    }
  }

  /** A removed event is reported at the first missing position, like a truncated stream. */
  private reportGap(s: StreamState, gap: NonNullable<StreamState['gap']>): void {
    const after = gap.before.streamPosition;
    this.report(
      s,
      'removed',
      moved(gap.before, gap.from),
      `${range(gap.from, gap.to)} missing: position ${after.toString()} follows position ${(gap.from - 1n).toString()}`,
    );
  }

  private report(s: StreamState, kind: TamperKind, event: RecordedEvent, detail: string): void {
    s.broken = true;
    this.findings.push(finding(kind, event.streamName, event.streamPosition, detail));
  }
}
