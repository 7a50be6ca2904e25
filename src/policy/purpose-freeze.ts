// The purpose freeze after a company handover (PIPL Art. 22): the recipient may go on processing
// for the purposes in force at the transfer; any other purpose needs the person's new consent.
// The policy enforces it: a request for another purpose is denied per person until a consent
// reader says that person consented to that purpose.
import type { ClassifiedField } from '../schema/index.js';
import { checkOptions, optionNames } from '../_internal/options.js';
import { PiiError } from '../errors.js';
import type { PurposeConsentReader } from './purpose-basis.js';
import type { FieldDecision, PolicyDecision, PolicyRequest } from './request.js';

/** Binds a policy to the purposes a handover transferred (for example `manifest.purposes`). */
export interface PurposeFreeze {
  /** The purposes in force at the handover; other purposes need each person's new consent. */
  purposes: readonly string[];
  /**
   * Where new consents are recorded (for example a snapshot from the purpose-consent ledger's
   * `reader()`); a request's `context.purposeConsents` takes precedence. Without either, every
   * other purpose is denied.
   */
  consent?: PurposeConsentReader;
}

/** A checked freeze, applied to decisions. @internal */
export interface CompiledFreeze {
  /** The decision as the freeze leaves it, or `'purpose-frozen'` when nothing of it may be shown. */
  apply(r: PolicyRequest, d: PolicyDecision): PolicyDecision | 'purpose-frozen';
}

const FREEZE_NAMES = optionNames<PurposeFreeze>()(['purposes', 'consent']);

const DENY: FieldDecision = Object.freeze({ effect: 'deny', rules: Object.freeze([]) as readonly string[] });

/** Checks the option and compiles it against the schema's fields. @internal */
export function compileFreeze(
  freeze: PurposeFreeze | undefined,
  fields: readonly ClassifiedField[],
): CompiledFreeze | undefined {
  if (freeze === undefined) return undefined;
  if (
    typeof freeze !== 'object' ||
    freeze === null ||
    !Array.isArray(freeze.purposes) ||
    freeze.purposes.some((p) => typeof p !== 'string' || p === '')
  )
    throw new PiiError(
      'INVALID_ARGUMENT',
      'purposeFreeze needs { purposes: string[] (the purposes in force, e.g. manifest.purposes), consent? }.',
    );
  checkOptions('purposeFreeze', freeze, FREEZE_NAMES);
  if (freeze.consent !== undefined && typeof freeze.consent?.has !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'purposeFreeze.consent must have has(subjectId, purpose).');
  const inForce = new Set(freeze.purposes);
  return {
    apply(r, d) {
      if (inForce.has(r.purpose) || d.forced !== undefined) return d;
      // a request's own snapshot (the purpose-consent ledger's reader()) comes first
      const reader = r.context?.purposeConsents ?? freeze.consent;
      // Another purpose: each person's fields only with that person's new consent; fields outside
      // any subject only when every person of the record consented.
      const subjects = Object.entries(r.subjects ?? {}).filter(
        ([, id]) => typeof id === 'string' && id !== '',
      );
      const consented = new Set<string>();
      if (reader)
        for (const [role, id] of subjects) if (reader.has(id, r.purpose) === true) consented.add(role);
      if (consented.size === 0) return 'purpose-frozen';
      const all = consented.size === subjects.length;
      const out: Record<string, FieldDecision> = {};
      for (const f of fields) {
        const ok = f.subject === undefined ? all : consented.has(f.subject);
        out[f.path] = ok ? (d.fields as Record<string, FieldDecision>)[f.path]! : DENY;
      }
      return Object.freeze({ ...d, fields: Object.freeze(out) });
    },
  };
}
