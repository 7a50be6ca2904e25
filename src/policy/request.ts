// What decide() takes and returns.
import type { PurposeConsentReader } from './purpose-basis.js';
import type { Effect } from './spec.js';

/** Who asks. */
export interface PolicyActor {
  /** Staff, service or partner id (never a name or a phone number). */
  id: string;
  /** Roles held; roles the policy does not know are ignored, and an actor with none is denied. */
  roles: readonly string[];
  /** Attributes usable as `actor.attrs.<name>` (declared in the policy's `actorAttrs`). */
  attrs?: Readonly<Record<string, unknown>>;
}

/**
 * Verified consent claims as the policy reads them: plain data, structurally the
 * `ConsentClaims` that `verify()` / `redeem()` of `courier-pii/consent` return.
 */
export interface PolicyConsentClaims {
  /** Id of the grant. */
  readonly tokenId: string;
  /** Issuer key id. */
  readonly issuer?: string;
  /** Whose data: the customer who consented. */
  readonly subject: string;
  /** Who may use it; must equal the actor id. */
  readonly grantee: string;
  /** The one purpose; must equal the request purpose. */
  readonly purpose: string;
  /** The resource the token is bound to; when set it must equal the request's `recordId`. */
  readonly resource?: string;
  /** Field pattern → level (`'allow'` or `'mask'`). */
  readonly scope: Readonly<Record<string, 'allow' | 'mask'>>;
  /** Expiry; the token gives nothing from this instant on. */
  readonly expiresAt: Date | number;
  /** Not valid before. */
  readonly notBefore?: Date | number;
}

/** The context of a request. */
export interface PolicyContext {
  /** The time of the request (default: now). */
  now?: Date | number;
  /** Claims of a consent token the caller has verified (`verify()` / `redeem()`). */
  consent?: PolicyConsentClaims;
  /** Attributes usable as `context.attrs.<name>` (declared in the policy's `contextAttrs`). */
  attrs?: Readonly<Record<string, unknown>>;
  /** Live purpose consents for this request (overrides the policy's `purposeConsents`). */
  purposeConsents?: PurposeConsentReader;
}

/** A decision request. */
export interface PolicyRequest {
  /** Who asks. */
  actor: PolicyActor;
  /** Why: one of the policy's purposes; any other purpose is denied. */
  purpose: string;
  /** The record (sealed or plain); conditions read only its non-sealed fields. */
  resource?: unknown;
  /**
   * The record id; goes to the audit log, is matched against a consent token's resource, and
   * binds the decision to this record: `view()` accepts a decision only for the record id it was
   * made for, so a decision meant for a view needs one (docs/policy.md, "Views").
   */
  recordId?: string;
  /**
   * Whose data the record holds: subject role → subject id, as given to `vault.seal`. A consent
   * grant opens a field of role `R` only for a token whose subject is this record's `R`
   * (docs/policy.md, "Consent is bound to its customer").
   */
  subjects?: Readonly<Record<string, string>>;
  /** Time, consent claims, extra attributes. */
  context?: PolicyContext;
}

/** The decision for one field: its effect and the ids of the rules that applied (sorted). */
export interface FieldDecision {
  readonly effect: Effect;
  readonly rules: readonly string[];
}

/**
 * Why a decision denied everything without looking at rules (`purpose-frozen`: a purpose outside
 * those a handover transferred, with no recorded new consent, see `PolicyOptions.purposeFreeze`;
 * `no-purpose-consent`: a consent-based purpose without a live consent of every subject, see
 * `PolicyOptions.purposeBases`).
 */
export type ForcedDenial =
  | 'unknown-purpose'
  | 'unknown-role'
  | 'deny-list'
  | 'purpose-frozen'
  | 'no-purpose-consent';

/**
 * The result of `policy.decide()`: whether the record may be shown at all, and per field path
 * the effect and the rules behind it. Decisions are frozen and may be shared between calls.
 */
export interface PolicyDecision<P extends string = string> {
  /** Whether the record may be shown (listed, opened) at all; when false every field is denied. */
  readonly record: boolean;
  /** Rules that decided record visibility (sorted). */
  readonly recordRules: readonly string[];
  /** Every field of the schema. */
  readonly fields: Readonly<Record<P, FieldDecision>>;
  /** The hash of the policy document that decided. */
  readonly policyHash: string;
  /** Set when everything was denied before any rule was looked at. */
  readonly forced?: ForcedDenial;
  /** The id of the consent token that contributed, if one did. */
  readonly consentTokenId?: string;
  /**
   * The record id the decision was made for (set when the request named one). Informational:
   * `view()` checks the binding kept when `decide()` issued the decision, not this property.
   */
  readonly recordId?: string;
}
