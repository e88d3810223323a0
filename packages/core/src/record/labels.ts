/**
 * Sensitive labels: entries that by law or policy never go out to another organisation
 * without the patient's explicit consent for that organisation and that label
 * (docs/record-as-shared.md). The list is policy (`sensitiveLabels`); these are the defaults.
 */
export interface SensitiveLabelInfo {
  readonly label: string;
  /** What the label protects, and why it does not travel by default. */
  readonly protects: string;
}

export const DEFAULT_SENSITIVE_LABELS: readonly SensitiveLabelInfo[] = [
  {
    label: 'sexual-health',
    protects:
      'Sexual health clinic attendances, tests and treatment for sexually transmitted infections (kept confidential by the NHS Venereal Diseases Regulations).',
  },
  {
    label: 'assisted-conception',
    protects:
      'Fertility treatment and the identity of donors (the Human Fertilisation and Embryology Act restricts disclosure).',
  },
  {
    label: 'gender-reassignment',
    protects:
      'A gender history or reassignment (the Gender Recognition Act makes disclosure without consent an offence).',
  },
  {
    label: 'safeguarding',
    protects:
      'Safeguarding notes about risk to the patient or others; shown elsewhere they could warn the person the patient is being protected from.',
  },
  {
    label: 'termination-of-pregnancy',
    protects: 'Abortion care (the Abortion Regulations limit who may be told).',
  },
];

/** The labels treated as sensitive when policy names none. */
export const defaultSensitiveLabels: readonly string[] = DEFAULT_SENSITIVE_LABELS.map(
  (l) => l.label,
);
