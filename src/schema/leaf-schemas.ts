// The schemas behind each leaf path of a schema, for the vault's check of opened values
// (crypto/leaf-check.ts). Internal: imported by the crypto folder directly, not part of the
// schema module's public surface.
import type * as z from 'zod';
import { planOf } from './plan.js';
import type { Node } from './plan-nodes.js';

type AnySchema = z.core.$ZodType;

/**
 * For the builders' schemas (exactly these instances: a derived schema such as `.min(3)` is a
 * new one), a check that accepts exactly what the schema's parse accepts, without zod's
 * machinery: what the vault runs on each opened value of such a leaf. test/crypto/leaf-check
 * holds each to `safeParse`. @internal
 */
export const builtChecks = new WeakMap<AnySchema, (v: unknown) => boolean>();

function collect(n: Node, out: Map<string, readonly AnySchema[] | null>): void {
  switch (n.t) {
    case 'leaf': {
      // one path reached twice (a choice, a tuple position and its rest) holds either's output
      const prev = out.get(n.path);
      if (prev === undefined) out.set(n.path, n.schemas);
      else if (prev !== null)
        out.set(n.path, n.schemas === null ? null : [...new Set([...prev, ...n.schemas])]);
      return;
    }
    case 'object':
      for (const c of n.keys.values()) collect(c, out);
      if (n.restKey) collect(n.restKey, out);
      if (n.rest) collect(n.rest, out);
      if (n.admits) collect(n.other, out);
      return;
    case 'list':
      for (const c of n.items) collect(c, out);
      if (n.rest) collect(n.rest, out);
      return;
    case 'map':
      if (n.key) collect(n.key, out);
      collect(n.value, out);
      return;
    case 'set':
      collect(n.item, out);
      return;
    case 'choice':
      for (const c of [n.leaf, n.object, n.list, n.map, n.set]) if (c) collect(c, out);
      return;
  }
}

/**
 * Per pattern path of a schema's leaves, the schemas whose parse output a value there is (any
 * of them), or null when nothing describes it. Walks the compiled plan once. @internal
 */
export function leafSchemas(schema: AnySchema): Map<string, readonly AnySchema[] | null> {
  const out = new Map<string, readonly AnySchema[] | null>();
  collect(planOf(schema), out);
  return out;
}
