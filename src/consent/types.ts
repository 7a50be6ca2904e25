// Public types of the consent module: claims, options, stores, receipts.
import type { AuditAppendOptions, AuditEvent, SignatureAlg } from '../audit/index.js';
import type { ConsentBackendChoice } from './ed25519.js';
import type { ConsentScope, ScopeLevel } from './scope.js';

/**
 * What a verified consent token allows, as plain data. The policy module reads this from
 * `context.consent`: a rule may grant at most what `scope` allows, never beyond the policy.
 */
export interface ConsentClaims {
  /** Issuer key id the token was verified with. */
  readonly issuer: string;
  /** Id of the grant (shared by every attenuated descendant); equals `revocationIds[0]`. */
  readonly tokenId: string;
  /** Whose data: the PII principal who consented (an opaque customer id). */
  readonly subject: string;
  /** Who may use it: the innermost grantee ('neighbour-7/locker-3' after narrowing to a device). */
  readonly grantee: string;
  /** The one purpose the data may be used for. */
  readonly purpose: string;
  /** The one resource (waybill number) the token is bound to, if any. */
  readonly resource?: string;
  /** Field-path patterns and their level, after every narrowing block. */
  readonly scope: ConsentScope;
  /** Not valid before this instant (second resolution). */
  readonly notBefore: Date;
  /** Not valid from this instant on (second resolution), after every narrowing block. */
  readonly expiresAt: Date;
  /** The smallest use limit along the chain, counted per `tokenId`; absent = unlimited. */
  readonly maxUses?: number;
  /** The issuer's consent-record reference, if the grant named one. */
  readonly recordId?: string;
  /** One id per block, root first; revoking any of them revokes this token. */
  readonly revocationIds: readonly string[];
  /** Whether the holder sealed the token (no further attenuation possible). */
  readonly sealed: boolean;
  /** Set by {@link redeem}: how many uses of `tokenId` have been counted, this one included. */
  readonly uses?: number;
}

/** Issuer key ids → public keys the verifier trusts (32-byte Ed25519 or 65-byte SM2). */
export type ConsentIssuers = Readonly<Record<string, Uint8Array>>;

/**
 * Where revoked block ids are kept. An extension point: the memory and file stores of this
 * module, or a database adapter from `courier-pii/stores`.
 */
export interface RevocationStore {
  /** Records `id` as revoked. Idempotent. */
  revoke(id: string): Promise<void>;
  /** Whether any of `ids` is revoked. */
  isRevoked(ids: readonly string[]): Promise<boolean>;
}

/** Result of {@link UseCounterStore.consume}. */
export interface UseCount {
  /** Whether a use was counted (false: the limit was already reached). */
  ok: boolean;
  /**
   * Uses counted for the key after this call. From `consumeOnce` with a redemption id already
   * counted: the use number that redemption got.
   */
  used: number;
  /** Set by `consumeOnce`: true when this redemption id was already counted, so nothing was counted now. */
  replayed?: boolean;
}

/**
 * Counts token uses. An extension point like {@link RevocationStore}. `consume` must be atomic:
 * two concurrent calls never both succeed past `max`.
 */
export interface UseCounterStore {
  /** Counts one use of `key` unless `max` uses are already counted (`max` may be Infinity). */
  consume(key: string, max: number): Promise<UseCount>;
  /**
   * Counts one use of `key` for `redemptionId`, at most once per redemption id: a call with an id
   * already counted counts nothing and returns that redemption's use number with
   * `replayed: true`, also when the earlier call's answer was lost (a timeout, a dropped
   * connection). The id and its use number are stored in the same atomic step as the count.
   * Every store of this SDK has it; {@link redeem} with a `redemptionId` needs it.
   */
  consumeOnce?(key: string, max: number, redemptionId: string): Promise<UseCount>;
  /** Uses counted so far for `key`. */
  used(key: string): Promise<number>;
}

/** Consent event kinds a receipt records. */
export type ConsentEvent = 'granted' | 'attenuated' | 'revoked' | 'redeemed';

/**
 * A consent receipt: what was agreed, by whom, for what, when. Field names follow this SDK; the
 * mapping to ISO/IEC TS 27560 and the Kantara Consent Receipt is in docs/consent.md. Holds ids,
 * paths and categories, never a personal-data value or the token itself.
 */
export interface ConsentReceipt {
  /** Receipt format version. */
  readonly version: 'courier-pii.consent-receipt/1';
  /** Unique id of this receipt (Kantara `consentReceiptID`). */
  readonly receiptId: string;
  /** What happened. */
  readonly event: ConsentEvent;
  /** When, ISO 8601 UTC (Kantara `consentTimestamp`). */
  readonly timestamp: string;
  /** The PII controller's id (Kantara `piiControllers[].piiController`). */
  readonly controller: string;
  /** The PII principal (Kantara `piiPrincipalId`). */
  readonly subject: string;
  /** Who receives access (Kantara `thirdPartyName`). */
  readonly grantee: string;
  /** The purpose consented to. */
  readonly purpose: string;
  /** PII categories (schema kinds such as `phone`, `address`) of the scoped fields; empty without a schema. */
  readonly piiCategories: readonly string[];
  /** The scope in force after this event. */
  readonly scope: ConsentScope;
  /** The bound resource (waybill number), if any. */
  readonly resource?: string;
  /** The grant's token id. */
  readonly tokenId: string;
  /** The issuer's consent-record reference, if any. */
  readonly recordId?: string;
  /** When the consent ends, ISO 8601 UTC (Kantara `termination`). */
  readonly expiresAt: string;
  /** The block id this event concerns: the new block (attenuated), the revoked block (revoked). */
  readonly blockId?: string;
  /** The parent block's id (attenuated). */
  readonly parentId?: string;
  /** Use number counted (redeemed). */
  readonly use?: number;
  /** Use limit in force, if any. */
  readonly maxUses?: number;
}

/**
 * Anything with the audit log's `append`, e.g. `createAuditLog(...)` from `courier-pii/audit`.
 * Receipts are appended as `consent.granted` / `consent.attenuated` / `consent.redeemed` /
 * `consent.revoked` events.
 */
export interface ConsentAuditSink {
  /**
   * Appends one event. With `options.idempotencyKey`, a retried append with the same key stores
   * the event once (the audit logs of this SDK honour it; see `AuditAppendOptions`).
   */
  append(event: AuditEvent, options?: AuditAppendOptions): Promise<unknown>;
}

/** A zod schema whose tags name the PII categories of scoped fields (from `courier-pii/schema`). */
export type ConsentSchema = import('zod').core.$ZodType;

/** Options shared by every operation that records a receipt. */
export interface ReceiptOptions {
  /** Audit log the receipt's event is appended to. */
  audit?: ConsentAuditSink;
  /** Controller / actor id written in the receipt (default: the issuer key id). */
  controller?: string;
  /** Schema whose tags give the receipt its PII categories (and against which grant checks paths). */
  schema?: ConsentSchema;
}

/** Test and platform hooks: clock, randomness, backend. */
export interface ConsentRuntime {
  /** Current time (default `Date.now()`); tests inject a fixed clock. */
  now?: () => number;
  /** Random bytes (default the platform CSPRNG); tests inject a seeded source. */
  random?: (n: number) => Uint8Array;
  /** Ed25519 implementation (default `'auto'`: node:crypto on Node, noble elsewhere). */
  backend?: ConsentBackendChoice;
}

/** Options of {@link grant}. */
export interface GrantOptions extends ReceiptOptions, ConsentRuntime {
  /**
   * The signing issuer: its key id (written in the token) and secret key, Ed25519 unless
   * `alg: 'sm2'` (an SM2 issuer writes token version 3; `generateSigningKey({ alg: 'sm2' })`).
   */
  issuer: { id: string; secretKey: Uint8Array; alg?: SignatureAlg };
  /** The PII principal granting access (an opaque customer id, never a phone or name). */
  subject: string;
  /** Who receives access (an opaque id). */
  grantee: string;
  /** The single purpose of use. */
  purpose: string;
  /** Bind the token to one resource, e.g. a waybill number. */
  resource?: string;
  /** Field-path patterns → level. */
  scope: Readonly<Record<string, ScopeLevel>>;
  /** End of validity (Date or epoch milliseconds; stored in whole seconds, rounded down). */
  expiresAt: Date | number;
  /** Start of validity (default: now). */
  notBefore?: Date | number;
  /** How many times the token may be redeemed. */
  maxUses?: number;
  /** Reference to the issuer's own consent record. */
  recordId?: string;
  /**
   * Wire version (default 1). 2 leaves out 32 bytes the verifier derives from the carried
   * secret, so a one-block pickup token fits a 300-character QR payload; deriving them costs
   * the verifier one Ed25519 base-point multiplication (verify about a quarter slower), so
   * choose 2 where the token must fit a QR code. Both verify; attenuation keeps the version of
   * the token it extends. 3 is the SM2 version, the only one (and the default) for an SM2 issuer.
   */
  format?: 1 | 2 | 3;
  /** The customer's grant index: the grant is added to it, so the customer can list and revoke it. */
  grantIndex?: import('./grant-index.js').GrantIndexStore;
}

/** Result of {@link grant}. */
export interface GrantResult {
  /** The token (base64url), to hand to the grantee. Treat it as a secret. */
  token: string;
  /** The grant's id (also its root revocation id). */
  tokenId: string;
  /** The consent receipt of the grant. */
  receipt: ConsentReceipt;
}

/** Narrowing requested by {@link attenuate}; every field is optional, at least one is needed. */
export interface AttenuateOptions extends Pick<ConsentRuntime, 'random' | 'backend'> {
  /** A scope inside the current one (fewer paths, or 'mask' instead of 'allow'). */
  scope?: Readonly<Record<string, ScopeLevel>>;
  /** An earlier expiry. */
  expiresAt?: Date | number;
  /** Bind to a resource (must equal the current binding if there is one). */
  resource?: string;
  /** A sub-grantee: the current grantee followed by '/' and a device or agent id. */
  grantee?: string;
  /** A lower use limit. */
  maxUses?: number;
  /** Seal the result: nobody can attenuate it further. */
  seal?: boolean;
}

/** Options of {@link attenuateWithReceipt}. */
export interface AttenuateWithReceiptOptions extends AttenuateOptions, ReceiptOptions {
  /** Public keys to check the token before narrowing it (the receipt's claims come from it). */
  issuers: ConsentIssuers;
  /** Clock for the receipt time (default `Date.now()`). */
  now?: () => number;
}

/** Result of {@link attenuateWithReceipt}. */
export interface AttenuateResult {
  /** The narrowed token. */
  token: string;
  /** Receipt of the attenuation. */
  receipt: ConsentReceipt;
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** Trusted issuer key ids → public keys. */
  issuers: ConsentIssuers;
  /** The purpose the verifier is about to use the data for. */
  purpose: string;
  /** The authenticated party presenting the token. */
  grantee: string;
  /** The resource (waybill number) being accessed; required when the token is bound to one. */
  resource?: string;
  /**
   * Revocation store to check, or the literal `'unchecked'` to skip revocation on purpose
   * (for example offline at a locker that syncs later).
   */
  revocations: RevocationStore | 'unchecked';
  /** Verification time (default now). */
  now?: Date | number;
  /** Allowed clock difference in seconds for not-before and expiry (default 30). */
  clockToleranceSeconds?: number;
  /** Ed25519 implementation (default `'auto'`). */
  backend?: ConsentBackendChoice;
}

/** Options of {@link redeem}: verification plus the use counter and receipt. */
export interface RedeemOptions extends VerifyOptions, Omit<ReceiptOptions, 'controller'> {
  /** Where uses are counted. */
  counter: UseCounterStore;
  /**
   * Idempotency key of this use: an id the caller makes once per use (a request id, a random
   * UUID) and keeps across retries. A retried `redeem` with the same id never counts a second
   * use, and writes the receipt if the first attempt counted the use but failed before the
   * receipt was stored. 1-200 characters of A-Z a-z 0-9 _ . : / - (never a phone number or
   * other personal data). Needs a counter with `consumeOnce` (every store of this SDK).
   */
  redemptionId?: string;
  /** Controller / actor id for the receipt (default the issuer key id). */
  controller?: string;
}

/** Options of {@link revoke}. */
export interface RevokeOptions extends ReceiptOptions {
  /** Trusted issuer key ids → public keys (the token's chain is checked before revoking). */
  issuers: ConsentIssuers;
  /** Store to record the revocation in. */
  revocations: RevocationStore;
  /** Which block to revoke: 0 (default) revokes the whole grant; a later index one branch. */
  block?: number;
  /** Clock (default `Date.now()`). */
  now?: () => number;
  /** Ed25519 implementation (default `'auto'`). */
  backend?: ConsentBackendChoice;
}

/** Result of {@link revoke}. */
export interface RevokeResult {
  /** The revoked block id. */
  revocationId: string;
  /** Receipt of the revocation. */
  receipt: ConsentReceipt;
}

/** An issuer key pair: Ed25519 by default, SM2 with `alg: 'sm2'`. */
export interface SigningKey {
  /** Its algorithm; absent on Ed25519 keys made before SM2 support. */
  alg?: SignatureAlg;
  /** 32-byte secret key; keep it in a KMS or secret store. */
  secretKey: Uint8Array;
  /** Public key (32 bytes Ed25519, 65 bytes SM2 `0x04 || x || y`); give it to verifiers with the key id. */
  publicKey: Uint8Array;
}

/** Options of {@link generateSigningKey}. */
export interface GenerateSigningKeyOptions {
  /** `'ed25519'` (default) or `'sm2'` (GB/T 32918, default signer id `1234567812345678`). */
  alg?: SignatureAlg;
  /** Ed25519 implementation (default `'auto'`). */
  backend?: ConsentBackendChoice;
  /** Random bytes (default the platform CSPRNG); tests inject a seeded source. */
  random?: (n: number) => Uint8Array;
}
