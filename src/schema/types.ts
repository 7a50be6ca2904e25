import type * as z from 'zod';
import type { Kind } from './kinds.js';
import type { Level } from './levels.js';

declare const PII_TAG: unique symbol;
declare const PII_SUBJECT: unique symbol;
declare const PII_ON_SEAL: unique symbol;

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

/** Type-only marker of `pii.freeText({ onSeal: 'redact' })`: its stored form is a {@link SealedRedacted}. */
export interface RedactOnSealBrand {
  /** @internal phantom */
  readonly [PII_ON_SEAL]: 'redact';
}

/** A schema `S` tagged with level `L` and kind `K`. */
export type Tagged<S, L extends Level, K extends Kind> = S & PiiBrand<L, K>;

/** A sealed field value: `cpii1.` followed by base64url (docs/formats.md). */
export type SealedString = `cpii1.${string}`;

/**
 * The stored form of free text sealed with `onSeal: 'redact'` (docs/formats.md, "Redacted free
 * text"): the original sealed, and its redaction in clear. Exactly these two members.
 */
export interface SealedRedacted {
  /** The `redact()` output of the original at seal time: phones, ID numbers, addresses masked. */
  readonly redacted: string;
  /** The original text, sealed like any field. */
  readonly sealed: SealedString;
}

type Def = { type: string };
type Inner<S> = S extends { _zod: { def: { innerType: infer I } } } ? I : never;
type DefOf<S> = S extends { _zod: { def: infer D extends Def } } ? D : never;

/** Wrapper kinds that classify() sees through. */
type WrapperType = 'optional' | 'nullable' | 'default' | 'prefault' | 'readonly' | 'catch' | 'nonoptional';

/** Characters of an object key escaped with `\\` in a pattern path (see `patternKey`). */
type PathSpecial = '\\' | '.' | '[' | ']' | '{' | '}';
type EscapeChars<K extends string> = K extends `${infer C}${infer Rest}`
  ? `${C extends PathSpecial ? `\\${C}` : C}${EscapeChars<Rest>}`
  : K;
/** An object key as it appears in a pattern path. */
type PathKey<K extends string> = K extends `${string}${PathSpecial}${string}` ? EscapeChars<K> : K;

type Join<P extends string, K extends string> = P extends '' ? PathKey<K> : `${P}.${PathKey<K>}`;
type Root<P extends string> = P extends '' ? '$' : P;

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

type UntaggedLeaf<S, P extends string> = LeafInfo<
  Root<P>,
  'internal',
  'untagged',
  S extends z.ZodType ? z.output<S> : unknown
>;
/** Whether some leaf of a set of leaves is tagged. */
type HasTag<L> = [Extract<L, { kind: Kind }>] extends [never] ? false : true;
/** A container without any tag inside is one untagged leaf (as `classify` reports it). */
type Collapse<L, S, P extends string> = HasTag<L> extends true ? L : UntaggedLeaf<S, P>;
/** The keys of a record or map, when tagged: the leaf `p{key}`. */
type KeyLeaf<K, P extends string> =
  K extends PiiBrand<infer L, infer KK> ? LeafInfo<`${P}{key}`, L, KK, z.output<K & z.ZodType>> : never;
type TupleLeaves<T, R, P extends string, D extends number> =
  | { [I in keyof T & `${number}`]: LeavesBelow<T[I], `${P}[${I}]`, Dec[D]> }[keyof T & `${number}`]
  | (R extends null | undefined ? never : LeavesBelow<R, `${P}[]`, Dec[D]>);
/** A pipe: its input's tags apply to its output; an untagged input leaves the output's leaves. */
type PipeLeaves<I, O, P extends string, D extends number> =
  HasTag<LeavesBelow<I, P, Dec[D]>> extends true
    ? LeavesBelow<I, P, Dec[D]> | LeavesBelow<O, P, Dec[D]>
    : HasTag<LeavesBelow<O, P, Dec[D]>> extends true
      ? LeavesBelow<O, P, Dec[D]>
      : LeavesBelow<I, P, Dec[D]>;

/**
 * The leaves of schema `S` at the type level: a union of {@link LeafInfo}. Tagged schemas are
 * leaves; wrappers are seen through; objects, arrays, tuples, records, maps, sets, unions,
 * intersections, pipes and lazy schemas are walked as `classify` walks them (the properties a
 * loose object admits, `path{}`, are not known to the compiler).
 */
export type Leaves<S, P extends string = '', D extends number = 10> =
  S extends PiiBrand<infer L, infer K>
    ? LeafInfo<Root<P>, L, K, z.output<S & z.ZodType>>
    : DefOf<S>['type'] extends WrapperType
      ? Leaves<Inner<S>, P, D>
      : S extends { _zod: { def: { type: 'object'; shape: infer Shape } } }
        ? { [Key in keyof Shape & string]: LeavesBelow<Shape[Key], Join<P, Key>, Dec[D]> }[keyof Shape &
            string]
        : S extends { _zod: { def: { type: 'array'; element: infer E } } }
          ? LeavesBelow<E, `${P}[]`, Dec[D]>
          : S extends { _zod: { def: { type: 'record'; keyType: infer Key; valueType: infer V } } }
            ? LeavesBelow<V, `${P}{}`, Dec[D]> | KeyLeaf<Key, P>
            : S extends { _zod: { def: { type: 'union'; options: readonly (infer O)[] } } }
              ? LeavesBelow<O, P, Dec[D]>
              : S extends { _zod: { def: { type: 'intersection'; left: infer A; right: infer B } } }
                ? LeavesBelow<A, P, Dec[D]> | LeavesBelow<B, P, Dec[D]>
                : S extends { _zod: { def: { type: 'pipe'; in: infer I; out: infer O } } }
                  ? PipeLeaves<I, O, P, D>
                  : S extends { _zod: { def: { type: 'lazy'; getter: () => infer T } } }
                    ? Collapse<LeavesBelow<T, P, Dec[D]>, S, P>
                    : S extends { _zod: { def: { type: 'tuple'; items: infer T; rest: infer R } } }
                      ? Collapse<TupleLeaves<T, R, P, D>, S, P>
                      : S extends { _zod: { def: { type: 'map'; keyType: infer Key; valueType: infer V } } }
                        ? Collapse<LeavesBelow<V, `${P}{}`, Dec[D]> | KeyLeaf<Key, P>, S, P>
                        : S extends { _zod: { def: { type: 'set'; valueType: infer V } } }
                          ? Collapse<LeavesBelow<V, `${P}[]`, Dec[D]>, S, P>
                          : UntaggedLeaf<S, P>;

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

/**
 * The leaf paths of `S` whose level is exactly `L` (untagged leaves count as `internal`). A path
 * that union options or the two sides of a pipe give different levels has the highest.
 */
export type PathsAt<S, L extends Level> = Exclude<
  Extract<Leaves<S>, { level: L }>['path'],
  Extract<Leaves<S>, { level: Exclude<LevelsFrom<L>, L> }>['path']
>;

/** The leaf paths of `S` whose level is `L` or higher. */
export type PathsAtLeast<S, L extends Level> = Extract<Leaves<S>, { level: LevelsFrom<L> }>['path'];

/** {@link RolesIn} one level down, or nothing once the depth guard is used up. */
type RolesBelow<S, D extends number> = [D] extends [never] ? never : RolesIn<S, D>;
type RolesIn<S, D extends number> =
  | (S extends SubjectBrand<infer R> ? R : never)
  | ([DefOf<S>] extends [never]
      ? never
      : DefOf<S>['type'] extends WrapperType
        ? RolesBelow<Inner<S>, Dec[D]>
        : S extends { _zod: { def: { type: 'object'; shape: infer Shape } } }
          ? { [K in keyof Shape]: RolesBelow<Shape[K], Dec[D]> }[keyof Shape]
          : S extends { _zod: { def: { type: 'array'; element: infer E } } }
            ? RolesBelow<E, Dec[D]>
            : S extends { _zod: { def: { type: 'record' | 'map' | 'set'; valueType: infer V } } }
              ? RolesBelow<V, Dec[D]>
              : S extends { _zod: { def: { type: 'union'; options: readonly (infer O)[] } } }
                ? RolesBelow<O, Dec[D]>
                : S extends { _zod: { def: { type: 'intersection'; left: infer A; right: infer B } } }
                  ? RolesBelow<A, Dec[D]> | RolesBelow<B, Dec[D]>
                  : S extends { _zod: { def: { type: 'pipe'; in: infer I; out: infer O } } }
                    ? RolesBelow<I, Dec[D]> | RolesBelow<O, Dec[D]>
                    : S extends { _zod: { def: { type: 'lazy'; getter: () => infer T } } }
                      ? RolesBelow<T, Dec[D]>
                      : S extends { _zod: { def: { type: 'tuple'; items: infer T; rest: infer R } } }
                        ?
                            | RolesBelow<T[keyof T & `${number}`], Dec[D]>
                            | (R extends null | undefined ? never : RolesBelow<R, Dec[D]>)
                        : never);

/**
 * The subject roles declared in schema `S` with `pii.subject(role, ...)`; any string when `S`
 * is not a specific schema. `seal(..., { subjects })` is keyed by these, so a misspelled role
 * does not compile.
 *
 * @example
 * ```ts
 * import type { SubjectRole } from 'courier-pii/schema';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) });
 * const r: SubjectRole<typeof Parcel> = 'recipient';
 * ```
 */
export type SubjectRole<S> = unknown extends S
  ? string
  : 'object' | 'string' extends DefOf<S>['type']
    ? string
    : RolesIn<S, 10>;

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
      ? S extends RedactOnSealBrand
        ? SealedRedacted
        : SealedString
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
                : S extends { _zod: { def: { type: 'pipe'; in: infer I; out: infer O } } }
                  ? PipeSealed<S, I, O, SL, D>
                  : S extends { _zod: { def: { type: 'lazy'; getter: () => infer T } } }
                    ? MapLeavesBelow<T, SL, Dec[D]>
                    : S extends {
                          _zod: {
                            def: { type: 'tuple'; items: infer T extends readonly unknown[]; rest: infer R };
                          };
                        }
                      ? R extends null | undefined
                        ? { -readonly [I in keyof T]: MapLeavesBelow<T[I], SL, Dec[D]> }
                        : [
                            ...{ -readonly [I in keyof T]: MapLeavesBelow<T[I], SL, Dec[D]> },
                            ...Array<MapLeavesBelow<R, SL, Dec[D]>>,
                          ]
                      : S extends { _zod: { def: { type: 'map'; keyType: infer K; valueType: infer V } } }
                        ? Map<z.output<K & z.ZodType>, MapLeavesBelow<V, SL, Dec[D]>>
                        : S extends { _zod: { def: { type: 'set'; valueType: infer V } } }
                          ? Set<MapLeavesBelow<V, SL, Dec[D]>>
                          : S extends z.ZodType
                            ? z.output<S>
                            : unknown;

/** A pipe tagged on either side is one leaf; otherwise its stored form is its output's. */
type PipeSealed<S, I, O, SL extends Level, D extends number> =
  O extends PiiBrand<infer L, Kind>
    ? L extends LevelsFrom<SL>
      ? SealedString
      : z.output<S & z.ZodType>
    : I extends PiiBrand<infer L, Kind>
      ? L extends LevelsFrom<SL>
        ? SealedString
        : z.output<S & z.ZodType>
      : MapLeavesBelow<O, SL, Dec[D]>;

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
              : S extends { _zod: { def: { type: 'lazy'; getter: () => infer T } } }
                ? DeepPartialViewBelow<T, Dec[D]>
                : S extends z.ZodType
                  ? z.output<S>
                  : unknown;

/**
 * What a policy view of a value of schema `S` looks like: the same shape, every field optional
 * (denied fields are omitted), masked fields keep their type (a masked phone is still a string).
 */
export type View<S> = DeepPartialView<S, 10>;
