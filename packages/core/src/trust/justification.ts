// The rule lives beside the access decision that applies it (rule 3); the trust rules name it here.
export {
  MIN_JUSTIFICATION_CHARACTERS,
  isMeaningfulJustification,
  visibleLength,
} from '../consentRecord/access/rules/justification.js';
