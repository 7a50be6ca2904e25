import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import type { SealOptions, Vault } from '../../src/crypto/index.js';
import { pii, type SubjectRole } from '../../src/schema/index.js';
import type { Parcel } from './fixtures/parcel.js';

declare const vault: Vault;
const Nested = z.object({
  legs: z.array(z.object({ courier: pii.subject('courier', z.object({ phone: pii.phone() })) })),
  either: z.union([pii.subject('sender', z.object({ a: pii.name() })), z.string()]),
  piped: z.lazy(() => pii.subject('agent', z.object({ b: pii.name() }))).optional(),
});

describe('seal subjects are typed by the schema roles', () => {
  it('SubjectRole lists the roles declared anywhere in the schema', () => {
    expectTypeOf<SubjectRole<typeof Parcel>>().toEqualTypeOf<'sender' | 'recipient'>();
    expectTypeOf<SubjectRole<typeof Nested>>().toEqualTypeOf<'courier' | 'sender' | 'agent'>();
    expectTypeOf<SubjectRole<z.ZodType>>().toEqualTypeOf<string>();
    expectTypeOf<SubjectRole<z.ZodObject<{ a: z.ZodString }>>>().toEqualTypeOf<never>();
  });

  it('a misspelled role does not compile, in subjects or in recordKeyFor', () => {
    void vault.seal({} as typeof Parcel, {} as never, {
      recordId: 'r',
      subjects: { recipient: 'cust-1' },
      recordKeyFor: ['sender'],
    });
    void vault.seal({} as typeof Parcel, {} as never, {
      recordId: 'r',
      // @ts-expect-error recipent is not a role of Parcel
      subjects: { recipent: 'cust-1' },
    });
    void vault.seal({} as typeof Parcel, {} as never, {
      recordId: 'r',
      // @ts-expect-error sendr is not a role of Parcel
      recordKeyFor: ['sendr'],
    });
  });

  it('options for an unspecified schema accept any role', () => {
    const o: SealOptions = { recordId: 'r', subjects: { anything: 'x' }, recordKeyFor: ['other'] };
    void o;
  });
});
