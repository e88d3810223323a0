/** What the runs reached, so a spec can show the property was not vacuous. */
export interface TrustStats {
  runs: number;
  steps: number;
  /** Permits seen after a step, by basis (counted once per run, patient and organisation). */
  readonly permits: Record<string, number>;
  /** Commands issued, by the kind of actor issuing them. */
  readonly actors: Record<string, number>;
  readonly succeeded: Record<string, number>;
  readonly refused: Record<string, number>;
  /** Refusals of commands off the consent stream, which leave no trace by design. */
  readonly refusedUntraced: Record<string, number>;
  /** Consents that opened the record, and whether the patient was told. */
  readonly told: Record<string, number>;
}
export const emptyStats = (): TrustStats => ({
  runs: 0,
  steps: 0,
  permits: {},
  actors: {},
  succeeded: {},
  refused: {},
  refusedUntraced: {},
  told: {},
});
export const count = (record: Record<string, number>, key: string): void => {
  record[key] = (record[key] ?? 0) + 1;
};

export class TrustViolation extends Error {}
