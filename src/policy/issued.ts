// Decisions bound to what they decided (docs/policy.md, "Decisions are bound to what they
// decided"). decide() returns, for a request with a record id, a frozen decision of its own,
// an instance of a class that only this module constructs, carrying the record id and policy
// hash it was made for (and, in a private field, the consent subjects); view() accepts only such
// decisions, for that record. A private field cannot be forged by editing or copying a plain
// object: a spread copy, structuredClone, a JSON round trip or a hand-built decision has none,
// explain() decisions never get one, and the instance is frozen, so its record id stays put.
// (A WeakMap registry would do the same, but measured several times slower per decision with
// millions of entries alive; a private field costs one small allocation.)
import { PiiError } from '../errors.js';
import type { FieldDecision, ForcedDenial, PolicyDecision } from './request.js';

/** What a decision was made for. */
export interface Binding {
  readonly recordId: string;
  readonly policyHash: string;
  /**
   * Subject role → the consent token's subject, for roles whose fields a consent token that is
   * not bound to the record opened. view() opens those fields only under that subject's key, so
   * the vault itself checks that the fields belong to the token's customer.
   */
  readonly subjects: Readonly<Record<string, string>> | undefined;
}

/** A decision issued by decide() for one record id. */
class IssuedDecision implements PolicyDecision {
  readonly #subjects: Readonly<Record<string, string>> | undefined;
  readonly record: boolean;
  readonly recordRules: readonly string[];
  readonly fields: Readonly<Record<string, FieldDecision>>;
  readonly policyHash: string;
  readonly forced?: ForcedDenial;
  readonly consentTokenId?: string;
  readonly recordId: string;

  constructor(d: PolicyDecision, recordId: string, subjects: Readonly<Record<string, string>> | undefined) {
    this.#subjects = subjects;
    this.record = d.record;
    this.recordRules = d.recordRules;
    this.fields = d.fields;
    this.policyHash = d.policyHash;
    if (d.forced !== undefined) this.forced = d.forced;
    if (d.consentTokenId !== undefined) this.consentTokenId = d.consentTokenId;
    this.recordId = recordId;
    Object.freeze(this);
  }

  /** The binding of `d` when this copy of the library issued it. */
  static bindingOf(d: unknown): Binding | undefined {
    if (typeof d !== 'object' || d === null || !(#subjects in d)) return undefined;
    const i = d as IssuedDecision;
    return { recordId: i.recordId, policyHash: i.policyHash, subjects: i.#subjects };
  }
}

// The ESM and CJS builds loaded side by side each have their own class: every copy registers its
// reader on globalThis under a versioned key, so a decision one copy issued is recognised by the
// other (as the tag registry and PiiError are shared).
type Reader = (d: unknown) => Binding | undefined;
const KEY = Symbol.for('courier-pii.policy.issued-decisions.v1');
const g = globalThis as unknown as Record<symbol, Reader[] | undefined>;
g[KEY] ??= [];
const readers: Reader[] = g[KEY];
readers.push(IssuedDecision.bindingOf);

/**
 * A per-request copy of `d` bound to `recordId`. Decisions are memoized and shared between
 * requests, so the binding needs an object of its own.
 */
export function issue(
  d: PolicyDecision,
  recordId: string,
  subjects?: Readonly<Record<string, string>>,
): PolicyDecision {
  return new IssuedDecision(d, recordId, subjects);
}

function bindingOf(d: unknown): Binding | undefined {
  const own = IssuedDecision.bindingOf(d);
  if (own !== undefined || readers.length === 1) return own;
  for (const read of readers) {
    const b = read(d);
    if (b !== undefined) return b;
  }
  return undefined;
}

function refuse(why: string): PiiError {
  return new PiiError(
    'DECISION_INVALID',
    `${why} Call policy.decide({ ..., recordId }) for this record and pass that decision.`,
  );
}

/**
 * Checks that `decision` was issued by decide() for `recordId` (and, when given, by the policy
 * with `policyHash`) and returns what it was bound to; throws DECISION_INVALID otherwise.
 */
export function checkIssued(decision: PolicyDecision, recordId: string, policyHash?: string): Binding {
  const b = bindingOf(decision);
  if (b === undefined) {
    throw refuse(
      'This decision was not issued by policy.decide for a record id (decisions from explain(), copies and hand-built decisions cannot open a view).',
    );
  }
  if (b.recordId !== recordId) throw refuse('This decision was made for another record.');
  if (policyHash !== undefined && b.policyHash !== policyHash)
    throw refuse('This decision was made by another policy.');
  return b;
}
