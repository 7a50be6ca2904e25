/** Sensitivity levels, ordered: `public` < `internal` < `sensitive` (公开 / 一般 / 敏感). */
export type Level = 'public' | 'internal' | 'sensitive';

/**
 * The levels in ascending order.
 *
 * @example
 * ```ts
 * import { LEVELS } from 'courier-pii/schema';
 * console.log(LEVELS.join(' < ')); // public < internal < sensitive
 * ```
 */
export const LEVELS: readonly Level[] = Object.freeze(['public', 'internal', 'sensitive'] as const);

const RANK: Record<Level, 0 | 1 | 2> = { public: 0, internal: 1, sensitive: 2 };

/**
 * The position of a level in the order (public 0, internal 1, sensitive 2).
 *
 * @param level - a level
 * @returns 0, 1 or 2
 * @example
 * ```ts
 * import { levelRank } from 'courier-pii/schema';
 * console.log(levelRank('sensitive') > levelRank('internal')); // true
 * ```
 */
export function levelRank(level: Level): 0 | 1 | 2 {
  return RANK[level];
}

/**
 * Whether `level` is at or above `min`.
 *
 * @param level - the level of a field
 * @param min - the threshold
 * @returns true when level >= min
 * @example
 * ```ts
 * import { atLeast } from 'courier-pii/schema';
 * console.log(atLeast('internal', 'sensitive')); // false
 * ```
 */
export function atLeast(level: Level, min: Level): boolean {
  return RANK[level] >= RANK[min];
}

/**
 * True when `x` is one of the three levels.
 *
 * @param x - anything
 * @returns whether x is a Level
 * @example
 * ```ts
 * import { isLevel } from 'courier-pii/schema';
 * console.log(isLevel('secret')); // false
 * ```
 */
export function isLevel(x: unknown): x is Level {
  return x === 'public' || x === 'internal' || x === 'sensitive';
}
