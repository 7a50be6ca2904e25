// Consent scopes: field-path patterns mapped to 'allow' (show in full) or 'mask' (show masked).
// A pattern is an exact path ('recipient.address', 'items[].name'), a subtree ('recipient.*',
// every path below 'recipient.'), or '**' (every path). docs/consent.md, "Scope".
import { PiiError } from '../errors.js';

/** What a consent lets the grantee see of a field: in full, or masked. */
export type ScopeLevel = 'allow' | 'mask';

/** A consent scope: field-path pattern → level. */
export type ConsentScope = Readonly<Record<string, ScopeLevel>>;

const rank = { mask: 1, allow: 2 } as const;
// Printable, no spaces or control characters; at most 200 characters.
const PATTERN = /^[^\s\u0000-\u001f\u007f]{1,200}$/u;

/** Whether a pattern string is well formed. */
export function isPattern(p: string): boolean {
  if (!PATTERN.test(p)) return false;
  if (p === '**') return true;
  const star = p.indexOf('*');
  if (star === -1) return true;
  // The only other wildcard form is a trailing '.*' after a non-empty prefix without '*'.
  return star === p.length - 1 && p.length >= 3 && p[p.length - 2] === '.' && !p.slice(0, -1).includes('*');
}

function matches(pattern: string, path: string): boolean {
  if (pattern === '**') return true;
  if (pattern.endsWith('.*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

/**
 * The level a scope grants a concrete field path: the highest level among the patterns that
 * match it, or undefined when none does.
 *
 * @param scope - a verified consent scope (`claims.scope`)
 * @param path - a concrete field path such as `recipient.address`
 * @returns `'allow'`, `'mask'`, or undefined when the scope does not cover the path
 * @example
 * ```ts
 * import { scopeLevel } from 'courier-pii/consent';
 * console.log(scopeLevel({ 'recipient.*': 'mask', pickupCode: 'allow' }, 'recipient.address')); // mask
 * ```
 */
export function scopeLevel(scope: ConsentScope, path: string): ScopeLevel | undefined {
  let best: ScopeLevel | undefined;
  for (const p in scope) {
    if (!Object.hasOwn(scope, p) || !matches(p, path)) continue;
    const l = scope[p]!;
    if (best === undefined || rank[l] > rank[best]) best = l;
    if (best === 'allow') break;
  }
  return best;
}

/** The highest level the parent grants to every path the child pattern can match. */
function parentLevelFor(parent: ConsentScope, child: string): number {
  if (!child.endsWith('*')) {
    const l = scopeLevel(parent, child);
    return l === undefined ? 0 : rank[l];
  }
  // A wildcard child needs one parent wildcard that covers its whole subtree.
  let best = 0;
  for (const p in parent) {
    if (!Object.hasOwn(parent, p)) continue;
    const covers = p === '**' || (child !== '**' && p.endsWith('.*') && child.startsWith(p.slice(0, -1)));
    if (covers) best = Math.max(best, rank[parent[p]!]);
  }
  return best;
}

/** Whether every pattern of `child` grants no more than `parent` does. */
export function isNarrowerScope(parent: ConsentScope, child: ConsentScope): boolean {
  for (const c in child) {
    if (!Object.hasOwn(child, c)) continue;
    if (rank[child[c]!] > parentLevelFor(parent, c)) return false;
  }
  return true;
}

/**
 * Checks a scope argument and returns its entries sorted by path (the canonical wire order).
 * @throws PiiError INVALID_ARGUMENT on an empty scope, a malformed pattern or a level other
 * than 'allow' / 'mask'.
 */
export function checkScope(name: string, scope: unknown): Array<[string, ScopeLevel]> {
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be an object of path → 'allow' | 'mask'.`);
  }
  const entries = Object.entries(scope as Record<string, unknown>);
  if (entries.length === 0 || entries.length > 256) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must list between 1 and 256 field paths.`);
  }
  for (const [p, l] of entries) {
    if (!isPattern(p)) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        `${name} has a malformed path pattern; use a dotted path, 'prefix.*' or '**' (no spaces).`,
      );
    }
    if (l !== 'allow' && l !== 'mask') {
      throw new PiiError('INVALID_ARGUMENT', `${name} levels must be 'allow' or 'mask'.`, {
        details: { path: p },
      });
    }
  }
  return (entries as Array<[string, ScopeLevel]>).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
