// Legal bases of purposes (PIPL Art. 13) and the synchronous reader the policy asks whether a
// subject has a live purpose consent. decide() is synchronous, so the caller loads consents
// first (courier-pii/consent's purpose-consent ledger gives a reader) and the policy only reads.
import { PiiError } from '../errors.js';

/**
 * Why a purpose may process personal data at all (PIPL Art. 13). Only `consent` needs the
 * subject's live purpose consent; the others stand without it (delivery is `contract`).
 */
export type LegalBasis =
  | 'consent'
  | 'contract'
  | 'hr'
  | 'legal-obligation'
  | 'emergency'
  | 'public-interest-news'
  | 'published'
  | 'other-law';

/** Every legal basis, frozen (a basis not listed here is refused). */
export const LEGAL_BASES: readonly LegalBasis[] = Object.freeze([
  'consent',
  'contract',
  'hr',
  'legal-obligation',
  'emergency',
  'public-interest-news',
  'published',
  'other-law',
] as const);

/**
 * Answers, synchronously, whether a subject has a live (given, not withdrawn) consent to a
 * purpose. The purpose-consent ledger of `courier-pii/consent` returns one from `reader()`;
 * any object with this method works.
 */
export interface PurposeConsentReader {
  /**
   * Whether `subjectId` has a live consent to `purpose`.
   * @param subjectId - the opaque subject id
   * @param purpose - the purpose name
   * @returns true only for a consent given and not withdrawn
   */
  has(subjectId: string, purpose: string): boolean;
}

const BASES = new Set<string>(LEGAL_BASES);

/** @internal Validates `purposeBases` against the policy's purposes; returns the consent-based ones. */
export function consentPurposes(
  bases: unknown,
  purposes: readonly string[],
): ReadonlySet<string> | undefined {
  if (bases === undefined) return undefined;
  if (typeof bases !== 'object' || bases === null || Array.isArray(bases))
    throw new PiiError('INVALID_ARGUMENT', 'purposeBases must map each purpose to a legal basis.');
  const known = new Set(purposes);
  const out = new Set<string>();
  for (const [p, b] of Object.entries(bases)) {
    if (!known.has(p))
      throw new PiiError(
        'POLICY_INVALID',
        `purposeBases names purpose '${p.slice(0, 100)}', which is not in the policy's purposes.`,
      );
    if (typeof b !== 'string' || !BASES.has(b))
      throw new PiiError(
        'POLICY_INVALID',
        `Purpose '${p.slice(0, 100)}' has an unknown legal basis; use one of ${LEGAL_BASES.join(', ')}.`,
      );
    if (b === 'consent') out.add(p);
  }
  for (const p of purposes) {
    if (!Object.hasOwn(bases, p))
      throw new PiiError(
        'POLICY_INVALID',
        `Purpose '${p}' has no legal basis in purposeBases; give every purpose one (delivery is usually 'contract').`,
      );
  }
  return out;
}

/** @internal Whether every subject of the request has a live consent to the purpose. */
export function consentLive(
  reader: PurposeConsentReader | undefined,
  subjects: Readonly<Record<string, string>> | undefined,
  purpose: string,
): boolean {
  if (reader === undefined || subjects === undefined) return false;
  const ids = Object.values(subjects);
  if (ids.length === 0) return false;
  for (const id of ids) {
    if (typeof id !== 'string' || reader.has(id, purpose) !== true) return false;
  }
  return true;
}
