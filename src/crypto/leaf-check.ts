// Opened values are checked against their leaf schema: a field whose ciphertext opens (right
// key, right record, right path) to a value its schema refuses (sealed by an older version of
// the schema under the same id, or by a writer that skipped seal's validation) is an error, not
// a value. docs/concepts.md, "Opening checks every field".
//
// Seal validates the whole record and seals the parse OUTPUT of each leaf, so open checks that
// the opened value is something the leaf schema can output. For a schema without transforms
// that is the schema itself (parsing a valid output again succeeds); around a transform it is
// what follows it (`.pipe(schema)`), and where nothing describes the output (a `.transform()`
// at the end, `.catch()`) the value is accepted. A leaf sealed as JSON (an object or array
// tagged whole) is checked only when JSON keeps every value its schema can hold (no dates,
// class instances or `undefined` inside).
//
// Each check is compiled once per schema (cached), so an open costs one call per sealed leaf:
// a `typeof` or set lookup for plain strings, numbers, booleans, enums and literals, zod's
// safeParse otherwise.
import * as z from 'zod';
import { PiiError } from '../errors.js';
import { builtChecks, leafSchemas } from '../schema/leaf-schemas.js';

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string; checks?: unknown[] };

/** Whether an opened value is one its leaf schema can output. @internal */
export type LeafCheck = (v: unknown) => boolean;

const defOf = (s: AnySchema): Def => s._zod.def as unknown as Def;
const ownChecks = (d: Def): boolean => Array.isArray(d.checks) && d.checks.length > 0;

/** Scalars whose output parses again as itself (their refinements and formats included). */
const SCALAR = new Set(['string', 'number', 'int', 'boolean', 'enum', 'literal', 'null', 'template_literal']);
/** Sealed in its own encoding at the top level (a Date), as an ISO string inside JSON. */
const TOP_ONLY = new Set(['date']);

/** A plain string, number, boolean, enum or literal: no checks, formats, coercion or message. */
function plainScalar(s: AnySchema): LeafCheck | undefined {
  const d = defOf(s);
  for (const k of Object.keys(d))
    if (!(k === 'type' || k === 'entries' || k === 'values' || (k === 'checks' && !ownChecks(d))))
      return undefined;
  switch (d.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      // zod 4's number refuses NaN and the infinities
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'enum':
    case 'literal': {
      const values = s._zod.values;
      return values ? (v) => values.has(v as never) : undefined;
    }
  }
  return undefined;
}

/**
 * Whether any output of `s` parses again under `s` (then safeParse is the exact check):
 * no transform, pipe or unknown type inside, a default its inner schema accepts, and, inside a
 * value sealed as JSON (`nested`), only types JSON keeps.
 */
function reparses(s: AnySchema, nested: boolean, seen: Set<AnySchema>): boolean {
  if (seen.has(s)) return true;
  seen.add(s);
  const d = defOf(s);
  const t = d.type;
  const sub = (x: unknown, n = nested): boolean => reparses(x as AnySchema, n, seen);
  if (SCALAR.has(t)) return true;
  if (TOP_ONLY.has(t)) return !nested;
  switch (t) {
    case 'any':
    case 'unknown':
      return true;
    case 'optional':
      // JSON drops an object's undefined property (fine) but turns an array's into null
      return sub(d.innerType);
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'prefault':
    case 'catch':
      return sub(d.innerType);
    case 'default':
      return sub(d.innerType) && z.safeParse(d.innerType as AnySchema, d.defaultValue).success;
    case 'object': {
      const shape = d.shape as Record<string, AnySchema>;
      for (const k of Object.keys(shape)) if (!sub(shape[k], true)) return false;
      return d.catchall === undefined || sub(d.catchall, true);
    }
    case 'array':
      return sub(d.element, true) && !optionalItem(d.element as AnySchema);
    case 'tuple':
      return (
        (d.items as AnySchema[]).every((x) => sub(x, true) && !optionalItem(x)) &&
        (d.rest == null || (sub(d.rest, true) && !optionalItem(d.rest as AnySchema)))
      );
    case 'record':
      return sub(d.keyType, true) && sub(d.valueType, true);
    case 'union':
      return (d.options as AnySchema[]).every((x) => sub(x));
    case 'intersection':
      return sub(d.left) && sub(d.right);
    case 'lazy':
      return sub((d.getter as () => unknown)());
    default:
      // transform, pipe (codecs, preprocess), map, set, bigint, date in JSON, and any zod type
      // added after this version: not known to parse its own output again
      return false;
  }
}

/** An array or tuple item JSON may write as null (undefined, void, optional). */
function optionalItem(s: AnySchema): boolean {
  const t = defOf(s).type;
  return t === 'optional' || t === 'undefined' || t === 'void' || t === 'default';
}

function parses(s: AnySchema): LeafCheck {
  return (v) => {
    try {
      return z.safeParse(s, v).success;
    } catch {
      // a refinement that throws, or one that needs async parsing: seal could not have passed it
      return false;
    }
  };
}

/** The check of one schema's outputs, or undefined when nothing describes them. */
function outputCheck(s: AnySchema, seen: Set<AnySchema>): LeafCheck | undefined {
  // the builders' schemas and plain scalars: one precompiled test, no zod call
  const known = builtChecks.get(s) ?? plainScalar(s);
  if (known) return known;
  const d = defOf(s);
  // a wrapper or union with its own refinement: parsed whole, or (around a transform) unchecked
  if (ownChecks(d)) return reparses(s, false, new Set()) ? parses(s) : undefined;
  if (seen.has(s)) return undefined;
  seen.add(s);
  const inner = (): LeafCheck | undefined => outputCheck(d.innerType as AnySchema, seen);
  switch (d.type) {
    case 'optional': {
      const c = inner();
      return c && ((v) => v === undefined || c(v));
    }
    case 'nullable': {
      const c = inner();
      return c && ((v) => v === null || c(v));
    }
    case 'readonly':
    case 'nonoptional':
    case 'prefault':
      return inner();
    case 'default': {
      // zod returns the default as it is, without parsing it
      const c = inner();
      const dv = d.defaultValue;
      if (c && (typeof dv !== 'object' || dv === null)) return (v) => v === dv || c(v);
      break;
    }
    case 'pipe':
      // the output of `in.pipe(out)` is out's; a codec's too
      return outputCheck(d.out as AnySchema, seen);
    case 'union': {
      // an exclusive union (exactly one option) is parsed whole
      if (d.inclusive === false) break;
      const cs: LeafCheck[] = [];
      for (const o of d.options as AnySchema[]) {
        const c = outputCheck(o, seen);
        if (!c) return undefined;
        cs.push(c);
      }
      return (v) => cs.some((c) => c(v));
    }
    case 'lazy':
      return outputCheck((d.getter as () => AnySchema)(), seen);
  }
  return reparses(s, false, new Set()) ? parses(s) : undefined;
}

/** The check of a leaf holding the output of any of `schemas`, or undefined (nothing to check). */
function leafCheck(schemas: readonly AnySchema[] | null): LeafCheck | undefined {
  if (schemas === null || schemas.length === 0) return undefined;
  const cs: LeafCheck[] = [];
  for (const s of schemas) {
    const c = outputCheck(s, new Set());
    if (!c) return undefined;
    cs.push(c);
  }
  if (cs.length === 1) return cs[0];
  return (v) => cs.some((c) => c(v));
}

const compiled = new WeakMap<AnySchema, Map<string, LeafCheck | undefined>>();

/**
 * The check of each leaf path of a schema (pattern paths; undefined: nothing to check),
 * compiled once per schema instance. @internal
 */
export function leafChecks(schema: AnySchema): Map<string, LeafCheck | undefined> {
  let m = compiled.get(schema);
  if (!m) {
    m = new Map();
    for (const [path, schemas] of leafSchemas(schema)) m.set(path, leafCheck(schemas));
    compiled.set(schema, m);
  }
  return m;
}

/**
 * The error of an opened value its leaf schema refuses: names the pattern path and the schema
 * id, never the value. @internal
 */
export function invalidOpened(path: string, schemaId: string): PiiError {
  return new PiiError(
    'VALIDATION_FAILED',
    `The field ${path} of schema ${schemaId} opened to a value its schema refuses (sealed by another version of the schema under the same id, or by a writer that skipped validation). Open it with the schema it was sealed under, or correct the field and seal the record again.`,
  );
}
