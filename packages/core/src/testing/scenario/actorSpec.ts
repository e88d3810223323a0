import * as t from 'io-ts';

/**
 * Who performs a step (`as:`): the patient, the staff of the patient's registered practice, an
 * organisation's staff, its own system feed or its privacy officer, an auditor, or the
 * embedding host (`system`). `named P` gives the person an id, so a story can say that the
 * privacy officer reviewing an alert is the person who raised it (docs/scenarios.md).
 */
export type ActorSpec =
  | { readonly role: 'patient' }
  | { readonly role: 'practice' | 'auditor' | 'system'; readonly person?: string }
  | {
      readonly role: 'staff' | 'feed' | 'privacy-officer';
      readonly organisation: string;
      readonly person?: string;
    };

export type ActorRole = ActorSpec['role'];

const SPEC =
  /^(?:(patient)|(practice|auditor|system)|(staff|feed|privacy-officer) of (\S+))(?: named (\S+))?$/;

const parse = (text: string): ActorSpec | undefined => {
  const match = SPEC.exec(text.trim());
  if (match === null) return undefined;
  const [, patient, alone, role, organisation, person] = match;
  const named = person === undefined ? {} : { person };
  if (patient !== undefined) return person === undefined ? { role: 'patient' } : undefined;
  if (alone !== undefined) return { role: alone as 'practice' | 'auditor' | 'system', ...named };
  return {
    role: role as 'staff' | 'feed' | 'privacy-officer',
    organisation: organisation as string,
    ...named,
  };
};

/** The text form of an actor, as a file writes it. */
export const formatActorSpec = (spec: ActorSpec): string => {
  const base = 'organisation' in spec ? `${spec.role} of ${spec.organisation}` : spec.role;
  return 'person' in spec && spec.person !== undefined ? `${base} named ${spec.person}` : base;
};

/** `staff of devon-hospital`, `privacy-officer of leic-practice named dr-patel`, `patient`, `system`, … */
export const ActorSpecCodec = new t.Type<ActorSpec, string, unknown>(
  'who acts: patient, practice, auditor, system, or staff|feed|privacy-officer of <organisation>, optionally followed by "named <person>" (not for patient)',
  (u): u is ActorSpec => typeof u === 'object' && u !== null && 'role' in u,
  (u, c) => {
    const spec = typeof u === 'string' ? parse(u) : undefined;
    return spec === undefined ? t.failure(u, c) : t.success(spec);
  },
  formatActorSpec,
);
