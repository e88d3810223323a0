/** What `verifyStore` can find wrong with a history. */
export type TamperKind = 'changed' | 'removed' | 'inserted' | 'reordered' | 'bad-checkpoint';

export interface TamperFinding {
  readonly kind: TamperKind;
  readonly streamName: string;
  /** The stream position where the problem shows. */
  readonly position: bigint;
  readonly detail: string;
}

export const finding = (
  kind: TamperKind,
  streamName: string,
  position: bigint,
  detail: string,
): TamperFinding => ({ kind, streamName, position, detail });

/** One line for a person: `changed: patient-…@3 — hash does not match its content`. */
export const describeFinding = (f: TamperFinding): string =>
  `${f.kind}: ${f.streamName}@${f.position.toString()} — ${f.detail}`;
