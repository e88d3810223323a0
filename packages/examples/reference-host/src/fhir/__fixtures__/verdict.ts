import { r4Problems } from '@consentry/fhir/testing';

/**
 * Validates a resource the host produced: R4 structure, cardinality, invariants, bindings and
 * the UK Core rules it claims (@consentry/fhir/testing). With FHIR_VERDICT_FILE set, every
 * verdict is also written there (one JSON line each), for a report on a whole run.
 */
export const validated = (resource: unknown): string[] =>
  r4Problems(resource as { resourceType: string });
