import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import type { FieldPath, PathsAt, Sealed, SealedString } from '../../src/schema/index.js';
import { pii } from '../../src/schema/index.js';

const S = z.object({
  pre: z.preprocess((x) => x, pii.phone()),
  trimmed: z.string().trim().pipe(pii.idNumber()),
  pair: z.tuple([pii.name(), z.number()], pii.phone()),
  plainPair: z.tuple([z.number(), z.number()]),
  byPhone: z.map(pii.phone(), z.object({ n: z.number() })),
  tags: z.set(pii.freeText()),
  lazy: z.lazy(() => z.object({ p: pii.phone() })),
  both: z.intersection(z.object({ a: pii.name() }), z.object({ b: pii.address() })),
  either: z.union([z.object({ u: z.string() }), z.object({ u: pii.phone() })]),
  'a.b': pii.email(),
});

describe('typed paths follow the runtime walk', () => {
  it('FieldPath lists pipes, tuples, maps, sets, lazy schemas and intersections as classify does', () => {
    expectTypeOf<FieldPath<typeof S>>().toEqualTypeOf<
      | 'pre'
      | 'trimmed'
      | 'pair[0]'
      | 'pair[1]'
      | 'pair[]'
      | 'plainPair'
      | 'byPhone{key}'
      | 'byPhone{}.n'
      | 'tags[]'
      | 'lazy.p'
      | 'both.a'
      | 'both.b'
      | 'either.u'
      | 'a\\.b'
    >();
  });

  it('PathsAt gives a path the highest level any union option or pipe side gives it', () => {
    expectTypeOf<PathsAt<typeof S, 'sensitive'>>().toEqualTypeOf<
      'pre' | 'trimmed' | 'pair[]' | 'byPhone{key}' | 'tags[]' | 'lazy.p' | 'both.b' | 'either.u'
    >();
    expectTypeOf<'either.u'>().not.toExtend<PathsAt<typeof S, 'internal'>>();
  });

  it('Sealed seals tagged pipes and walks lazy schemas, tuples, maps and sets', () => {
    type T = Sealed<typeof S>;
    expectTypeOf<T['pre']>().toEqualTypeOf<SealedString>();
    expectTypeOf<T['trimmed']>().toEqualTypeOf<SealedString>();
    expectTypeOf<T['lazy']['p']>().toEqualTypeOf<SealedString>();
    expectTypeOf<T['pair']>().toEqualTypeOf<[string, number, ...SealedString[]]>();
    expectTypeOf<T['tags']>().toEqualTypeOf<Set<SealedString>>();
  });
});
