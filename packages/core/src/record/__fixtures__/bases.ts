import { PermitBasis } from '../../consentRecord/access/codecs.js';

/** Every basis a permit can rest on, from the codec, so a new one is generated too. */
export const PERMIT_BASES = Object.keys(PermitBasis.keys) as readonly PermitBasis[];
