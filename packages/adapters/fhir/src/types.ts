/**
 * The part of FHIR R4 (4.0.1) this package writes, typed so that a field the spec does not
 * have cannot be written. Names and cardinalities follow hl7.org/fhir/R4.
 */
export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface CodeableConcept {
  readonly coding: readonly Coding[];
  readonly text?: string;
}

export interface Identifier {
  readonly system: string;
  readonly value: string;
}

export interface Meta {
  readonly profile?: readonly string[];
  readonly lastUpdated?: string;
}

export interface Extension {
  readonly url: string;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly valueString?: string;
  readonly valueReference?: Reference;
}

/**
 * A literal reference (`Patient/<id>`), a logical one by identifier (an NHS number, an ODS
 * code: what other NHS systems can match), or a display alone.
 */
export type Reference =
  | { readonly reference: string; readonly display?: string }
  | { readonly type: string; readonly identifier: Identifier; readonly display?: string }
  | { readonly display: string };

export interface Period {
  readonly start?: string;
  readonly end?: string;
}

export interface ConsentActor {
  readonly role: CodeableConcept;
  readonly reference: Reference;
}

export interface ConsentProvision {
  readonly type: 'permit' | 'deny';
  readonly period?: Period;
  readonly actor?: readonly ConsentActor[];
  readonly action?: readonly CodeableConcept[];
  readonly purpose?: readonly Coding[];
}

export interface ConsentVerification {
  readonly extension?: readonly Extension[];
  readonly verified: boolean;
  readonly verifiedWith?: Reference;
  readonly verificationDate?: string;
}

export interface Consent {
  readonly resourceType: 'Consent';
  readonly id: string;
  readonly meta?: Meta;
  readonly status: 'active' | 'inactive';
  readonly scope: CodeableConcept;
  readonly category: readonly CodeableConcept[];
  readonly patient: Reference;
  readonly dateTime: string;
  readonly performer?: readonly Reference[];
  readonly policy?: readonly { readonly authority?: string; readonly uri?: string }[];
  readonly policyRule: CodeableConcept;
  readonly verification?: readonly ConsentVerification[];
  readonly provision: ConsentProvision;
}

export interface AuditEventAgent {
  readonly type?: CodeableConcept;
  readonly who: Reference;
  readonly requestor: boolean;
  readonly altId?: string;
}

export interface AuditEventEntity {
  readonly what: Reference;
  readonly type: Coding;
  readonly role: Coding;
  readonly detail?: readonly { readonly type: string; readonly valueString: string }[];
}

export interface AuditEvent {
  readonly resourceType: 'AuditEvent';
  readonly id: string;
  readonly meta?: Meta;
  readonly type: Coding;
  readonly subtype?: readonly Coding[];
  readonly action: 'C' | 'R' | 'U' | 'D' | 'E';
  readonly recorded: string;
  readonly outcome: '0' | '4' | '8' | '12';
  readonly outcomeDesc?: string;
  readonly purposeOfEvent: readonly CodeableConcept[];
  readonly agent: readonly AuditEventAgent[];
  readonly source: { readonly site?: string; readonly observer: Reference };
  readonly entity: readonly AuditEventEntity[];
}

/** R4 issue-type codes this package answers with (a required binding). */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'not-supported'
  | 'not-found'
  | 'conflict'
  | 'expired'
  | 'business-rule'
  | 'processing'
  | 'too-costly'
  | 'throttled'
  | 'transient'
  | 'exception'
  | 'informational';

export interface OperationOutcomeIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: IssueType;
  readonly details?: { readonly coding?: readonly Coding[]; readonly text?: string };
  readonly diagnostics?: string;
  readonly expression?: readonly string[];
}

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly id?: string;
  readonly meta?: Meta;
  readonly issue: readonly OperationOutcomeIssue[];
}

export interface CapabilitySearchParam {
  readonly name: string;
  readonly type: 'token' | 'reference' | 'date' | 'number' | 'string';
  readonly documentation?: string;
}

export interface CapabilityResource {
  readonly type: string;
  readonly profile?: string;
  readonly interaction: readonly { readonly code: 'read' | 'search-type' | 'create' }[];
  readonly searchParam?: readonly CapabilitySearchParam[];
}

export interface CapabilityStatement {
  readonly resourceType: 'CapabilityStatement';
  readonly status: 'active';
  readonly date: string;
  readonly publisher?: string;
  readonly name?: string;
  readonly title?: string;
  readonly description?: string;
  readonly kind: 'instance';
  readonly software?: { readonly name: string; readonly version?: string };
  readonly implementation: { readonly description: string; readonly url?: string };
  readonly fhirVersion: '4.0.1';
  readonly format: readonly string[];
  readonly rest: readonly {
    readonly mode: 'server';
    readonly documentation?: string;
    readonly security?: { readonly description?: string; readonly service?: CodeableConcept[] };
    readonly resource: readonly CapabilityResource[];
  }[];
}

export type ConsentryFhirResource = Consent | AuditEvent;

export interface BundleEntry {
  readonly fullUrl?: string;
  readonly resource: ConsentryFhirResource | OperationOutcome;
  readonly search?: { readonly mode: 'match' | 'outcome' };
}

export interface Bundle {
  readonly resourceType: 'Bundle';
  readonly id?: string;
  readonly meta?: Meta;
  readonly type: 'collection' | 'searchset';
  readonly timestamp: string;
  readonly total?: number;
  readonly link?: readonly { readonly relation: string; readonly url: string }[];
  readonly entry: readonly BundleEntry[];
}
