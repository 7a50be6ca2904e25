import type * as z from 'zod';
import type { Kind } from './kinds.js';
import type { Level } from './levels.js';

declare const PII_TAG: unique symbol;
declare const PII_SUBJECT: unique symbol;

/**
 * Type-only marker carried by tagged schemas so that paths and levels are known to the
 * compiler. It does not exist at run time.
 */
export interface PiiBrand<L extends Level, K extends Kind> {
  /** @internal phantom */
  readonly [PII_TAG]: { level: L; kind: K };
}

/** Type-only marker of an object schema built with `pii.subject(role, ...)`. */
export interface SubjectBrand<R extends string> {
  /** @internal phantom */
  readonly [PII_SUBJECT]: R;
}

/** A schema `S` tagged with level `L` and kind `K`. */
export type Tagged<S, L extends Level, K extends Kind> = S & PiiBrand<L, K>;

/** A sealed field value: `cpii1.` followed by base64url (docs/formats.md). */
export type SealedString = `cpii1.${string}`;

type Def = { type: string };
type Inner<S> = S extends { _zod: { def: { innerType: infer I } } } ? I : never;
type DefOf<S> = S extends { _zod: { def: infer D extends Def } } ? D : never;

/** Wrapper kinds that classify() sees through. */
type WrapperType = 'optional' | 'nullable' | 'default' | 'prefault' | 'readonly' | 'catch' | 'nonoptional';

type Join<P extends string, K extends string> = P extends '' ? K : `${P}.${K}`;

/** One leaf of a schema at the type level. */
export interface LeafInfo<
  P extends string = string,
  L extends Level = Level,
  K = Kind | 'untagged',
  O = unknown,
> {
  path: P;
  level: L;
  kind: K;
  output: O;
}

/** Depth guard for recursive schemas. */
type Dec = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * The leaves of schema `S` at the type level: a union of {@link LeafInfo}.
 * Tagged schemas are leaves; wrappers are seen through; objects and arrays are walked.
 */
export type Leaves<S, P extends string = '', D extends number = 10> =
  S extends PiiBrand<infer L, infer K>
    ? LeafInfo<P extends '' ? '$' : P, L, K, z.output<S & z.ZodType>>
    : DefOf<S>['type'] extends WrapperType
      ? Leaves<Inner<S>, P, D>
      : S extends { _zod: { def: { type: 'object'; shape: infer Shape } } }
        ? { [Key in keyof Shape & string]: LeavesBelow<Shape[Key], Join<P, Key>, Dec[D]> }[keyof Shape &
            string]
        : S extends { _zod: { def: { type: 'array'; element: infer E } } }
          ? LeavesBelow<E, `${P}[]`, Dec[D]>
          : S extends { _zod: { def: { type: 'record'; valueType: infer V } } }
            ? LeavesBelow<V, `${P}{}`, Dec[D]>
            : S extends { _zod: { def: { type: 'union'; options: readonly (infer O)[] } } }
              ? LeavesBelow<O, P, Dec[D]>
              : S extends { _zod: { def: { type: 'pipe'; in: infer I } } }
                ? LeavesBelow<I, P, Dec[D]>
                : LeafInfo<
                    P extends '' ? '$' : P,
                    'internal',
                    'untagged',
                    S extends z.ZodType ? z.output<S> : unknown
                  >;

/**
 * {@link Leaves} one level down, or nothing once the depth guard is used up. The guard is not the
 * outermost conditional of `Leaves` itself so that `Leaves<S>` keeps its name when printed (tools
 * such as typedoc otherwise expand the whole recursion, exponentially).
 */
type LeavesBelow<S, P extends string, D extends number> = [D] extends [never] ? never : Leaves<S, P, D>;

/**
 * Every leaf field path of schema `S`, dotted, arrays as `items[].name`. A misspelled path
 * does not type-check.
 *
 * @example
 * ```ts
 * import type { FieldPath } from 'courier-pii/schema';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) });
 * const p: FieldPath<typeof Parcel> = 'recipient.phone';
 * ```
 */
export type FieldPath<S> = Leaves<S>['path'];

/** The leaf paths of `S` whose level is exactly `L` (untagged leaves count as `internal`). */
export type PathsAt<S, L extends Level> = Extract<Leaves<S>, { level: L }>['path'];

/** The leaf paths of `S` whose level is `L` or higher. */
export type PathsAtLeast<S, L extends Level> = Extract<Leaves<S>, { level: LevelsFrom<L> }>['path'];

/** The levels at or above `L`. */
export type LevelsFrom<L extends Level> = L extends 'public'
  ? Level
  : L extends 'internal'
    ? 'internal' | 'sensitive'
    : 'sensitive';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type OptionalKeys<Shape> = {
  [K in keyof Shape]: Shape[K] extends { _zod: { optout: 'optional' } } ? K : never;
}[keyof Shape];

/** {@link MapLeaves} one level down, or `unknown` once the depth guard is used up (see LeavesBelow). */
type MapLeavesBelow<S, SL extends Level, D extends number> = [D] extends [never]
  ? unknown
  : MapLeaves<S, SL, D>;

type MapLeaves<S, SL extends Level, D extends number> =
  S extends PiiBrand<infer L, Kind>
    ? L extends LevelsFrom<SL>
      ? SealedString
      : z.output<S & z.ZodType>
    : S extends { _zod: { def: { type: 'optional'; innerType: infer I } } }
      ? MapLeaves<I, SL, D> | undefined
      : S extends { _zod: { def: { type: 'nullable'; innerType: infer I } } }
        ? MapLeaves<I, SL, D> | null
        : DefOf<S>['type'] extends WrapperType
          ? MapLeaves<Inner<S>, SL, D>
          : S extends { _zod: { def: { type: 'object'; shape: infer Shape } } }
            ? Simplify<
                { [K in Exclude<keyof Shape, OptionalKeys<Shape>>]: MapLeavesBelow<Shape[K], SL, Dec[D]> } & {
                  [K in OptionalKeys<Shape>]?: MapLeavesBelow<Shape[K], SL, Dec[D]>;
                }
              >
            : S extends { _zod: { def: { type: 'array'; element: infer E } } }
              ? Array<MapLeavesBelow<E, SL, Dec[D]>>
              : S extends { _zod: { def: { type: 'record'; valueType: infer V } } }
                ? Record<string, MapLeavesBelow<V, SL, Dec[D]>>
                : S extends z.ZodType
                  ? z.output<S>
                  : unknown;

/**
 * The stored form of a value of schema `S`: every field at level `L` or above (default
 * `sensitive`) is a {@link SealedString}; everything else keeps its type.
 */
export type Sealed<S, L extends Level = 'sensitive'> = MapLeaves<S, L, 10>;

/** {@link DeepPartialView} one level down, or `unknown` once the depth guard is used up (see LeavesBelow). */
type DeepPartialViewBelow<S, D extends number> = [D] extends [never] ? unknown : DeepPartialView<S, D>;

type DeepPartialView<S, D extends number> =
  S extends PiiBrand<Level, Kind>
    ? z.output<S & z.ZodType>
    : S extends { _zod: { def: { type: 'optional' | 'nullable'; innerType: infer I } } }
      ? DeepPartialView<I, D> | (S extends { _zod: { def: { type: 'nullable' } } } ? null : undefined)
      : DefOf<S>['type'] extends WrapperType
        ? DeepPartialView<Inner<S>, D>
        : S extends { _zod: { def: { type: 'object'; shape: infer Shape } } }
          ? { [K in keyof Shape]?: DeepPartialViewBelow<Shape[K], Dec[D]> }
          : S extends { _zod: { def: { type: 'array'; element: infer E } } }
            ? Array<DeepPartialViewBelow<E, Dec[D]>>
            : S extends { _zod: { def: { type: 'record'; valueType: infer V } } }
              ? Record<string, DeepPartialViewBelow<V, Dec[D]>>
              : S extends z.ZodType
                ? z.output<S>
                : unknown;

/**
 * What a policy view of a value of schema `S` looks like: the same shape, every field optional
 * (denied fields are omitted), masked fields keep their type (a masked phone is still a string).
 */
export type View<S> = DeepPartialView<S, 10>;
