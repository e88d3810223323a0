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

/** A literal reference (`Patient/<id>`) or, for ids FHIR cannot carry, a logical one by identifier. */
export type Reference =
  | { readonly reference: string; readonly display?: string }
  | { readonly type: string; readonly identifier: Identifier; readonly display?: string }
  | { readonly display: string };

export interface Period {
  readonly start?: string;
  readonly end?: string;
}

export interface ConsentProvision {
  readonly type: 'permit' | 'deny';
  readonly period?: Period;
  readonly actor?: readonly { readonly role: CodeableConcept; readonly reference: Reference }[];
  readonly action?: readonly CodeableConcept[];
  readonly purpose?: readonly Coding[];
}

export interface Consent {
  readonly resourceType: 'Consent';
  readonly id: string;
  readonly status: 'active' | 'inactive';
  readonly scope: CodeableConcept;
  readonly category: readonly CodeableConcept[];
  readonly patient: Reference;
  readonly dateTime: string;
  readonly performer?: readonly Reference[];
  readonly policyRule: CodeableConcept;
  readonly verification?: readonly {
    readonly verified: boolean;
    readonly verifiedWith?: Reference;
    readonly verificationDate?: string;
  }[];
  readonly provision: ConsentProvision;
}

export interface AuditEvent {
  readonly resourceType: 'AuditEvent';
  readonly id: string;
  readonly type: Coding;
  readonly subtype?: readonly Coding[];
  readonly action: 'C' | 'R' | 'U' | 'D' | 'E';
  readonly recorded: string;
  readonly outcome: '0' | '4' | '8' | '12';
  readonly outcomeDesc?: string;
  readonly purposeOfEvent: readonly CodeableConcept[];
  readonly agent: readonly {
    readonly who: Reference;
    readonly requestor: boolean;
    readonly altId?: string;
  }[];
  readonly source: { readonly site?: string; readonly observer: Reference };
  readonly entity: readonly {
    readonly what: Reference;
    readonly type: Coding;
    readonly role: Coding;
    readonly detail?: readonly { readonly type: string; readonly valueString: string }[];
  }[];
}

export type ConsentryFhirResource = Consent | AuditEvent;

export interface Bundle {
  readonly resourceType: 'Bundle';
  readonly id?: string;
  readonly type: 'collection';
  readonly timestamp: string;
  readonly entry: readonly {
    readonly fullUrl?: string;
    readonly resource: ConsentryFhirResource;
  }[];
}
