// What a decision's fields mean for the rules: per decided path, which rules' field criteria it
// meets (cached per path), and per distinct decision object, the summary both paths read.
import type { CompiledRule } from './compile.js';
import { type DecisionMasks, MAX_DIRECT_RULES } from './direct.js';
import { type FieldInfo, guessField } from './match.js';

const MAX_PATH_CACHE = 10_000;

/** Per distinct decision: the fast path's masks, and per rule whether a field criterion held. */
export interface Summary extends DecisionMasks {
  /** Per rule: whether a decided field met its field criteria. */
  hits: Uint8Array;
}

/**
 * Returns `summaryOf(fields)` for the compiled rules (in order), with `known` giving each
 * schema path its level and kind (else guessed from the path name).
 */
export function decisionSummaries(
  compiled: readonly CompiledRule[],
  known: ReadonlyMap<string, FieldInfo>,
): (fields: Readonly<Record<string, unknown>>) => Summary {
  const fieldRules = compiled.filter((c) => c.match.hasFieldCriteria);
  // path → [rules hit when allowed, masked, denied]
  const pathCache = new Map<string, [number[], number[], number[]]>();
  const rulesFor = (path: string): [number[], number[], number[]] => {
    let hit = pathCache.get(path);
    if (hit) return hit;
    const info = known.get(path) ?? guessField(path);
    hit = [[], [], []];
    for (const c of fieldRules) {
      if (c.match.field(path, 'allow', info)) hit[0].push(c.index);
      if (c.match.field(path, 'mask', info)) hit[1].push(c.index);
      if (c.match.field(path, 'deny', info)) hit[2].push(c.index);
    }
    if (pathCache.size >= MAX_PATH_CACHE) pathCache.clear();
    pathCache.set(path, hit);
    return hit;
  };

  const outcomeOk = (outcome: 'granted' | 'denied' | 'any', granted: boolean): boolean =>
    outcome === 'any' || (outcome === 'granted') === granted;
  const summarize = (fields: Readonly<Record<string, unknown>>): Summary => {
    const hits = new Uint8Array(compiled.length);
    let anyField = false;
    let anyShown = false;
    for (const path in fields) {
      const v = fields[path];
      const effect = typeof v === 'string' ? v : (v as { effect?: unknown } | undefined)?.effect;
      anyField = true;
      const idx = effect === 'allow' ? 0 : effect === 'mask' ? 1 : effect === 'deny' ? 2 : -1;
      if (idx < 0) continue;
      if (idx < 2) anyShown = true;
      if (fieldRules.length === 0) continue;
      const hit = rulesFor(path)[idx as 0 | 1 | 2];
      for (let i = 0; i < hit.length; i++) hits[hit[i] as number] = 1;
    }
    const granted = !anyField || anyShown;
    // Bits of the rules whose field and outcome criteria this decision meets (fast path only).
    let rec = 0;
    let norec = 0;
    for (let i = 0; i < compiled.length && i < MAX_DIRECT_RULES; i++) {
      const m = (compiled[i] as CompiledRule).match;
      if (m.hasFieldCriteria && hits[i] !== 1) continue;
      if (outcomeOk(m.outcome, granted)) rec |= 1 << i;
      if (outcomeOk(m.outcome, false)) norec |= 1 << i;
    }
    return { hits, granted, rec, norec };
  };
  // The policy returns frozen decisions shared between calls, so the walk over their fields is
  // done once per distinct decision, not once per call (docs/monitoring.md, "Overhead"). The
  // last few are compared by identity before the WeakMap is asked.
  const summaries = new WeakMap<object, Summary>();
  const RECENT = 4;
  const recentKeys: Array<object | undefined> = new Array(RECENT).fill(undefined);
  const recentSums: Array<Summary | undefined> = new Array(RECENT).fill(undefined);
  let recentNext = 0;
  return (fields: Readonly<Record<string, unknown>>): Summary => {
    for (let k = 0; k < RECENT; k++) if (recentKeys[k] === fields) return recentSums[k] as Summary;
    let sum = summaries.get(fields);
    if (sum === undefined) {
      sum = summarize(fields);
      // Only an immutable object may be remembered (isFrozen is slow, so it is asked on a miss only).
      if (!Object.isFrozen(fields)) return sum;
      summaries.set(fields, sum);
    }
    recentKeys[recentNext] = fields;
    recentSums[recentNext] = sum;
    recentNext = (recentNext + 1) % RECENT;
    return sum;
  };
}
