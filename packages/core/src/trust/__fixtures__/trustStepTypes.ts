import type { ActorKey, Justification, OrgKey, PatientKey, PracticeKey } from './trustWorld.js';

/**
 * One random step of a sequence: a wait, or a command by an actor of any kind. Organisations
 * are named by key or as `own` (the actor's own organisation; the one being decided for an
 * actor without one), so that an actor acting for itself, the usual attack, comes up often.
 */
export type OrgRef = OrgKey | 'own';

export type Step =
  | { readonly do: 'wait'; readonly seconds: number }
  | ActorStep
  /** Two commands at once, the second through a second host on the same store. */
  | { readonly do: 'together'; readonly steps: readonly [ActorStep, ActorStep] };
export type ActorStep = { readonly as: ActorKey } & Command;

type OnPatient = { readonly patient: PatientKey };
type OnOrg = OnPatient & { readonly org: OrgRef };

/** Commands that name a patient and an organisation and nothing else. */
export type PlainPair =
  'withdrawConsent' | 'endCare' | 'resendCode' | 'approveOnline' | 'refuseOnline' | 'viewRecord';
export type ListCommand = 'allowOrganisation' | 'prohibitOrganisation' | 'removeFromPracticeLists';

export type Command =
  | (OnPatient & {
      readonly do: 'setSharingPreference';
      readonly preference: 'allow' | 'deny' | 'require-verification';
      /** `match`: as the actor would truthfully say (patient, practice or organisation). */
      readonly setBy: 'patient' | 'practice' | 'organisation' | 'match';
      /** Absent: the preference for all organisations. */
      readonly org?: OrgRef;
      /** Seconds from now until the preference lapses; absent: no end. */
      readonly untilSeconds?: number;
    })
  | (OnPatient & { readonly do: 'clearSharingPreference'; readonly org?: OrgRef })
  | (OnOrg & { readonly do: 'recordInPersonAnswer'; readonly answer: 'consent' | 'dissent' })
  | (OnOrg & { readonly do: 'recordSharingOutConsent'; readonly answer: 'consent' | 'dissent' })
  | { [K in PlainPair]: OnOrg & { readonly do: K } }[PlainPair]
  | (OnOrg & { readonly do: 'startCare'; readonly selfClaimed?: boolean; readonly reason?: string })
  | (OnPatient & { readonly do: 'referCare'; readonly from: OrgRef; readonly to: OrgRef })
  | (OnOrg & {
      readonly do: 'requestAccess';
      readonly purpose: 'TREAT' | 'ETREAT';
      readonly justification?: Justification;
    })
  /** `right`: the code the patient was sent for this organisation, as read from the messages. */
  | (OnOrg & { readonly do: 'enterCode'; readonly code: string })
  | (OnPatient & {
      readonly do: 'recordContactDetails';
      readonly contact: 'mobile' | 'other-mobile' | 'email' | 'both';
    })
  | (OnPatient & { readonly do: 'enrolPortal' })
  | (OnPatient & {
      readonly do: 'changeHomeArea';
      readonly area: 'leicestershire' | 'cornwall' | 'cumbria';
    })
  | {
      [K in ListCommand]: {
        readonly do: K;
        readonly practice: PracticeKey;
        readonly org: OrgRef;
      };
    }[ListCommand]
  | {
      readonly do: 'registerOrganisation';
      readonly kind: 'hospital' | 'gp-practice';
      readonly area: 'leicestershire' | 'cornwall';
    }
  | { readonly do: 'closeOrganisation'; readonly org: OrgRef }
  | {
      readonly do: 'registerPatient';
      /** An NHS number already registered (Alice's, Bob's) or a fresh one. */
      readonly nhs: 'alice' | 'bob' | 'fresh';
      readonly practice: PracticeKey;
      readonly bornInFuture: boolean;
    }
  | {
      readonly do: 'reviewAlert';
      /** Index into every alert so far, modulo their number (-1: the latest). */
      readonly alert: number;
      readonly outcome: 'appropriate' | 'inappropriate';
    };
