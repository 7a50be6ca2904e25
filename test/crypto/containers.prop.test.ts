// Property over randomly built schemas and values (issue "tagged means protected"): whatever
// the containers, nesting, levels and seal level, no value tagged at or above the seal level
// (and no property the schema does not describe) appears in the output of seal, and no value
// or record key appears in any error message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isPiiError } from '../../src/errors.js';
import { type Kind, KINDS, type Level, levelRank, pii } from '../../src/schema/index.js';
import { CONTAINERS, type Container, dump, SAMPLES } from '../support/containers.js';
import { SUITES, testVault } from './helpers.js';

/** Values of each kind that may stay in clear (below the seal level): never searched for. */
const CLEAR: Record<Kind, unknown> = {
  name: '李四',
  phone: '13700001111',
  landline: '010-12345678',
  address: '北京市海淀区中关村大街1号',
  idNumber: '110105199003071239',
  passport: 'G55501234',
  email: 'li.si@example.com',
  bankCard: '5555555555554444',
  waybillNo: 'SF9990001112223',
  pickupCode: '12-3-4567',
  geo: { lat: 22.5, lng: 114.1 },
  birthDate: '1985-12-01',
  ip: '198.51.100.9',
  deviceId: 'dev-other-1',
  image: new Uint8Array([1, 2, 3]),
  freeText: 'leave at the door',
  custom: 'plain-custom',
};
/** Record keys that are personal data: they may stay in a sealed record, never in a message. */
const KEY_MARKER = 'keymarker.lee@example.org';

type Shape =
  | { t: 'leaf'; kind: Kind; level: Level; bad: boolean }
  | { t: 'in'; c: Container; inner: Shape }
  | { t: 'object'; a: Shape; b: Shape }
  | { t: 'loose'; inner: Shape }
  | { t: 'keyed'; inner: Shape };

const usable = CONTAINERS.filter((c) => !c.refused && !c.sealRefused && !c.textOnly);

const shapeArb = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      t: fc.constant('leaf' as const),
      kind: fc.constantFrom(...KINDS),
      level: fc.constantFrom<Level>('public', 'internal', 'sensitive'),
      bad: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
    }),
    fc.record({ t: fc.constant('in' as const), c: fc.constantFrom(...usable), inner: tie('node') }),
    fc.record({ t: fc.constant('object' as const), a: tie('node'), b: tie('node') }),
    fc.record({ t: fc.constant('loose' as const), inner: tie('node') }),
    fc.record({ t: fc.constant('keyed' as const), inner: tie('node') }),
  ),
})).node;

interface Built {
  schema: z.ZodType;
  value: unknown;
}

/** Builds schema and value; collects the markers that must not appear in the sealed output. */
function build(
  s: Shape,
  seal: number,
  forced: boolean,
  protectedMarkers: Set<string>,
  bad: { any: boolean },
): Built {
  switch (s.t) {
    case 'leaf': {
      const b = pii[s.kind] as (o: { level: Level }) => z.ZodType;
      const sealed = forced || levelRank(s.level) >= seal;
      const sample = SAMPLES[s.kind];
      if (sealed && !s.bad) for (const m of sample.markers) protectedMarkers.add(m);
      if (s.bad) bad.any = true;
      return { schema: b({ level: s.level }), value: s.bad ? 12 : sealed ? sample.value : CLEAR[s.kind] };
    }
    case 'in': {
      const inner = build(s.inner, seal, forced, protectedMarkers, bad);
      return { schema: s.c.wrap(inner.schema), value: s.c.put(inner.value) };
    }
    case 'object': {
      const a = build(s.a, seal, forced, protectedMarkers, bad);
      const b = build(s.b, seal, forced, protectedMarkers, bad);
      return { schema: z.object({ a: a.schema, b: b.schema }), value: { a: a.value, b: b.value } };
    }
    case 'loose': {
      // the extra property is not described by the schema: it must be sealed whatever it holds
      const inner = build(s.inner, seal, true, protectedMarkers, bad);
      return { schema: z.looseObject({ n: z.number() }), value: { n: 1, extra: inner.value } };
    }
    case 'keyed': {
      const inner = build(s.inner, seal, forced, protectedMarkers, bad);
      return { schema: z.record(z.string(), inner.schema), value: { [KEY_MARKER]: inner.value } };
    }
  }
}

function allMarkers(): string[] {
  return [...KINDS.flatMap((k) => SAMPLES[k].markers), KEY_MARKER, 'keymarker'];
}

describe.each(SUITES)('sealing randomly built schemas (suite %s)', (suite) => {
  it('never outputs a value at or above the seal level, and no error message holds a value or key', async () => {
    const vaults = {
      internal: testVault({ suite, sealAtLeast: 'internal' } as never).vault,
      sensitive: testVault({ suite }).vault,
    };
    const runs = 400;
    let sealedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        shapeArb,
        fc.constantFrom<'internal' | 'sensitive'>('internal', 'sensitive'),
        async (shape, at) => {
          const markers = new Set<string>();
          const bad = { any: false };
          const b = build(shape, levelRank(at), false, markers, bad);
          const schema = z.object({ rec: b.schema });
          try {
            const out = await vaults[at].seal(schema, { rec: b.value } as never, { recordId: 'R' });
            sealedRuns++;
            const text = dump(out);
            for (const m of markers) expect(text.includes(m), `marker in sealed output`).toBe(false);
          } catch (e) {
            if (!isPiiError(e)) throw e;
            expect(['VALIDATION_FAILED', 'SCHEMA_INVALID', 'INVALID_ARGUMENT']).toContain(e.code);
            for (const m of allMarkers())
              expect(e.message.includes(m), 'marker in an error message').toBe(false);
            if (!bad.any) expect(e.code).not.toBe('VALIDATION_FAILED');
          }
        },
      ),
      { numRuns: runs },
    );
    expect(sealedRuns).toBeGreaterThan(runs / 4);
  });
});
