// Retention rules and the defaults, labelled as docs/lifecycle.md labels them
// ("Defaults and their honest labels"): only PIPL Art. 56 gives a number (>= 3 years for PIA
// reports, processing records and the audit log); every period the SDK picks for parcel data
// is configurable practice, not law.
import { assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import type { Kind, Level } from '../schema/index.js';
import { parseDuration } from './duration.js';

/** How honest a default is: law with a number, law without one, practice, or no verified figure. */
export type RetentionLabel = 'mandated' | 'mandated-principle' | 'practice' | 'no-verified-figure';

/** Which fields a rule covers; every given criterion must hold. */
export interface RetentionMatch {
  /** Field kinds (`untagged` for untagged leaves). */
  kinds?: ReadonlyArray<Kind | 'untagged'>;
  /** Field levels. */
  levels?: readonly Level[];
  /** Subject roles (`recipient`, `sender`, `courier`); `''` matches fields with no role. */
  roles?: readonly string[];
  /** The record is processed for at least one of these purposes. */
  purposes?: readonly string[];
  /** Field paths as `classify` prints them (`courier.trace[].point`), or a prefix ending in `.*`. */
  paths?: readonly string[];
}

/** A retention rule: keep matching fields for `keep` after the record's event `from`. */
export interface RetentionRule {
  /** Stable id, written into certificates and the audit log. */
  id: string;
  /** How the period is justified (see {@link RETENTION_DEFAULTS}). */
  label: RetentionLabel;
  /** Citation or reason, e.g. `PIPL Art. 19, 47` or `company policy 2026-03`. */
  basis: string;
  /** Which fields; omitted means every field. */
  match?: RetentionMatch;
  /** ISO 8601 duration, e.g. `P90D`. */
  keep: string;
  /** Name of the record event the period runs from, e.g. `deliveredAt`. A record without it is kept. */
  from: string;
}

/** One row of the honest-defaults table. */
export interface RetentionDefault {
  id: string;
  /** What it is about. */
  what: string;
  /** The SDK's value. */
  value: string;
  label: RetentionLabel;
  /** What the law verifiably says about it (or that it says nothing). */
  basis: string;
}

/**
 * The defaults table of docs/lifecycle.md ("Defaults and their honest labels").
 *
 * @example
 * ```ts
 * import { RETENTION_DEFAULTS } from 'courier-pii/lifecycle';
 * console.log(RETENTION_DEFAULTS.filter((d) => d.label === 'mandated').map((d) => d.basis).join()); // PIPL Art. 56
 * ```
 */
export const RETENTION_DEFAULTS: readonly RetentionDefault[] = Object.freeze([
  {
    id: 'processing-records',
    what: 'PIA reports, processing records, audit log',
    value: '>= P3Y',
    label: 'mandated',
    basis: 'PIPL Art. 56',
  },
  {
    id: 'general-pi',
    what: 'general personal information',
    value: 'the shortest period the purpose needs',
    label: 'mandated-principle',
    basis: 'PIPL Art. 19, 47 (no number)',
  },
  {
    id: 'waybill-data',
    what: 'waybill data',
    value: 'P90D after delivery',
    label: 'practice',
    basis:
      'Courier Interim Regulations Art. 34 (2019 text) requires periodic destruction but gives no period; 90 days is the SDK’s configurable number',
  },
  {
    id: 'courier-service-records',
    what: 'courier service records',
    value: 'P3Y after delivery',
    label: 'practice',
    basis: 'configurable; not a verified legal floor',
  },
  {
    id: 'real-name-records',
    what: 'real-name posting records',
    value: 'configurable (no default rule)',
    label: 'no-verified-figure',
    basis: 'no verified legal figure',
  },
  {
    id: 'gps-trace',
    what: 'courier GPS traces',
    value: 'P90D after delivery',
    label: 'practice',
    basis: 'short by practice, from PIPL Art. 28 (location tracks are sensitive) + Art. 19',
  },
  {
    id: 'virtual-number-binding',
    what: 'virtual-number bindings',
    value: 'P15D after delivery',
    label: 'practice',
    basis: 'industry practice: bindings end shortly after delivery; no verified legal figure',
  },
]);

/**
 * The default rules a sweep can start from (all `practice`, configurable; see {@link RETENTION_DEFAULTS}).
 * A field is destroyed only when every rule that covers it has expired, so adding a longer rule keeps data longer.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETENTION_RULES } from 'courier-pii/lifecycle';
 * console.log(DEFAULT_RETENTION_RULES.map((r) => `${r.id} ${r.keep}`).join(', ')); // waybill-data P90D, courier-service-records P3Y, gps-trace P90D, virtual-number-binding P15D
 * ```
 */
export const DEFAULT_RETENTION_RULES: readonly RetentionRule[] = Object.freeze([
  {
    id: 'waybill-data',
    label: 'practice',
    basis:
      'Courier Interim Regulations Art. 34 (2019 text): periodic destruction; period is configurable practice',
    match: { purposes: ['delivery'] },
    keep: 'P90D',
    from: 'deliveredAt',
  },
  {
    id: 'courier-service-records',
    label: 'practice',
    basis: 'configurable practice; not a verified legal floor',
    match: { purposes: ['service-record'], kinds: ['name', 'phone', 'landline', 'address', 'waybillNo'] },
    keep: 'P3Y',
    from: 'deliveredAt',
  },
  {
    id: 'gps-trace',
    label: 'practice',
    basis: 'PIPL Art. 28 + 19; period is practice',
    match: { kinds: ['geo'] },
    keep: 'P90D',
    from: 'deliveredAt',
  },
  {
    id: 'virtual-number-binding',
    label: 'practice',
    basis: 'industry practice; no verified legal figure',
    match: { purposes: ['virtual-number'] },
    keep: 'P15D',
    from: 'deliveredAt',
  },
] satisfies RetentionRule[]);

/** Validates rules (ids unique, durations parse); throws RETENTION_INVALID. @internal */
export function checkRules(rules: readonly RetentionRule[]): void {
  if (!Array.isArray(rules))
    throw new PiiError('RETENTION_INVALID', 'rules must be an array of retention rules.');
  const ids = new Set<string>();
  for (const r of rules) {
    assertNonEmptyString('rule.id', r?.id);
    if (ids.has(r.id)) throw new PiiError('RETENTION_INVALID', `Retention rule id "${r.id}" appears twice.`);
    ids.add(r.id);
    if (!['mandated', 'mandated-principle', 'practice', 'no-verified-figure'].includes(r.label)) {
      throw new PiiError(
        'RETENTION_INVALID',
        `Rule "${r.id}": label must be mandated, mandated-principle, practice or no-verified-figure.`,
      );
    }
    parseDuration(`rule "${r.id}" keep`, r.keep);
    if (typeof r.from !== 'string' || r.from.length === 0)
      throw new PiiError(
        'RETENTION_INVALID',
        `Rule "${r.id}": from must name a record event such as deliveredAt.`,
      );
  }
}

/** Whether a rule covers a field of a record. @internal */
export function ruleCovers(
  rule: RetentionRule,
  f: { path: string; kind: string; level: string; subject?: string },
  purposes: readonly string[],
): boolean {
  const m = rule.match;
  if (!m) return true;
  if (m.kinds && !m.kinds.includes(f.kind as Kind)) return false;
  if (m.levels && !m.levels.includes(f.level as Level)) return false;
  if (m.roles && !m.roles.includes(f.subject ?? '')) return false;
  if (m.purposes && !m.purposes.some((p) => purposes.includes(p))) return false;
  if (
    m.paths &&
    !m.paths.some((p) => p === f.path || (p.endsWith('.*') && f.path.startsWith(p.slice(0, -1))))
  )
    return false;
  return true;
}
