import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import type {
  FieldPath,
  PathsAt,
  PathsAtLeast,
  Sealed,
  SealedRedacted,
  SealedString,
  View,
} from 'courier-pii/schema';
import { pii } from 'courier-pii/schema';

const Party = (role: 'sender' | 'recipient') =>
  pii.subject(
    role,
    z.object({
      name: pii.name(),
      phone: pii.phone(),
      address: pii.address(),
      idNumber: pii.idNumber().optional(),
    }),
  );

const Parcel = z.object({
  waybillNo: pii.waybillNo(),
  status: z.enum(['created', 'out_for_delivery', 'delivered']),
  sender: Party('sender'),
  recipient: Party('recipient'),
  items: z.array(z.object({ name: z.string(), qty: z.number() })),
  trace: z.array(pii.geo()),
  note: pii.freeText().optional(),
  searchableNote: pii.freeText({ onSeal: 'redact' }),
  publicNote: pii.freeText({ level: 'internal' }),
  email: pii.email({ level: 'sensitive' }).nullable(),
});

describe('typed field paths', () => {
  it('FieldPath is the union of leaf paths, with array items as []', () => {
    expectTypeOf<FieldPath<typeof Parcel>>().toEqualTypeOf<
      | 'waybillNo'
      | 'status'
      | 'sender.name'
      | 'sender.phone'
      | 'sender.address'
      | 'sender.idNumber'
      | 'recipient.name'
      | 'recipient.phone'
      | 'recipient.address'
      | 'recipient.idNumber'
      | 'items[].name'
      | 'items[].qty'
      | 'trace[]'
      | 'note'
      | 'searchableNote'
      | 'publicNote'
      | 'email'
    >();
  });

  it('a misspelled path does not compile', () => {
    expectTypeOf<'recipient.phone'>().toExtend<FieldPath<typeof Parcel>>();
    expectTypeOf<'recipient.phon'>().not.toExtend<FieldPath<typeof Parcel>>();
    // @ts-expect-error misspelled field
    const bad: FieldPath<typeof Parcel> = 'recipient.phon';
    // @ts-expect-error an object is not a leaf
    const obj: FieldPath<typeof Parcel> = 'recipient';
    void bad;
    void obj;
  });

  it('PathsAt gives exactly the paths at one level, honouring level overrides', () => {
    expectTypeOf<PathsAt<typeof Parcel, 'sensitive'>>().toEqualTypeOf<
      | 'sender.phone'
      | 'sender.address'
      | 'sender.idNumber'
      | 'recipient.phone'
      | 'recipient.address'
      | 'recipient.idNumber'
      | 'trace[]'
      | 'note'
      | 'searchableNote'
      | 'email'
    >();
    expectTypeOf<PathsAt<typeof Parcel, 'public'>>().toEqualTypeOf<never>();
    expectTypeOf<PathsAtLeast<typeof Parcel, 'internal'>>().toEqualTypeOf<FieldPath<typeof Parcel>>();
  });

  it('Sealed turns sensitive leaves into sealed strings and keeps the rest', () => {
    type S = Sealed<typeof Parcel>;
    expectTypeOf<S['recipient']['phone']>().toEqualTypeOf<SealedString>();
    expectTypeOf<S['recipient']['name']>().toEqualTypeOf<string>();
    expectTypeOf<S['recipient']['idNumber']>().toEqualTypeOf<SealedString | undefined>();
    expectTypeOf<S['trace']>().toEqualTypeOf<SealedString[]>();
    expectTypeOf<S['email']>().toEqualTypeOf<SealedString | null>();
    expectTypeOf<S['waybillNo']>().toEqualTypeOf<string>();
    // Free text is sensitive by default; onSeal 'redact' stores a sealed original with its redaction.
    expectTypeOf<S['note']>().toEqualTypeOf<SealedString | undefined>();
    expectTypeOf<S['searchableNote']>().toEqualTypeOf<SealedRedacted>();
    expectTypeOf<S['searchableNote']['redacted']>().toEqualTypeOf<string>();
    expectTypeOf<S['publicNote']>().toEqualTypeOf<string>();
    type S2 = Sealed<typeof Parcel, 'internal'>;
    expectTypeOf<S2['recipient']['name']>().toEqualTypeOf<SealedString>();
  });

  it('View makes every field optional and keeps leaf types', () => {
    type V = View<typeof Parcel>;
    expectTypeOf<NonNullable<V['recipient']>['phone']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<V['trace']>>().toEqualTypeOf<Array<{ lat: number; lng: number }>>();
    expectTypeOf<V['searchableNote']>().toEqualTypeOf<string | undefined>();
  });

  it('builders keep zod output types', () => {
    expectTypeOf<z.output<typeof Parcel>['recipient']['phone']>().toEqualTypeOf<string>();
    expectTypeOf<z.output<ReturnType<typeof pii.image>>>().toExtend<Uint8Array>();
    expectTypeOf<z.output<typeof Parcel>['searchableNote']>().toEqualTypeOf<string>();
    // @ts-expect-error onSeal knows one value
    pii.freeText({ onSeal: 'mask' });
  });
});
