import { describe, expectTypeOf, it } from 'vitest';
import type { ConsentClaims } from 'courier-pii/consent';
import {
  type FieldDecision,
  type PolicyConsentClaims,
  type PolicyDecision,
  definePolicy,
} from 'courier-pii/policy';
import { Parcel } from './fixtures.js';

const head = { id: 'p', version: 1, purposes: ['delivery'], roles: ['courier'] } as const;

describe('typed policy builder', () => {
  it('accepts schema paths, subtree wildcards and **', () => {
    definePolicy(Parcel, {
      ...head,
      rules: [
        { id: 'a', fields: ['recipient.phone', 'sender.*', '**'], grant: 'mask' },
        { id: 'b', record: 'allow', when: [['resource.courierId', '==', { ref: 'actor.id' }]] },
      ],
    });
  });

  it('rejects a misspelled field path at compile time', () => {
    definePolicy(Parcel, {
      ...head,
      // @ts-expect-error 'recipient.phon' is not a path of Parcel
      rules: [{ id: 'a', fields: ['recipient.phon'], grant: 'allow' }],
    });
  });

  it('rejects a wildcard under a path that is not an object', () => {
    definePolicy(Parcel, {
      ...head,
      // @ts-expect-error 'recipients' is not a prefix of any path
      rules: [{ id: 'a', fields: ['recipients.*'], grant: 'allow' }],
    });
  });

  it('rejects conditions on sealed fields and unknown attribute roots at compile time', () => {
    definePolicy(Parcel, {
      ...head,
      rules: [
        {
          id: 'a',
          fields: ['status'],
          grant: 'allow',
          // @ts-expect-error recipient.phone is sensitive (sealed): conditions cannot read it
          when: [['resource.recipient.phone', 'exists', true]],
        },
      ],
    });
    definePolicy(Parcel, {
      ...head,
      // @ts-expect-error 'user.id' is not an attribute
      rules: [{ id: 'a', fields: ['status'], grant: 'allow', when: [['user.id', '==', 'x']] }],
    });
  });

  it('types decisions by the schema paths', () => {
    const p = definePolicy(Parcel, { ...head, rules: [] });
    const d = p.decide({ actor: { id: 'c', roles: ['courier'] }, purpose: 'delivery' });
    expectTypeOf(d.fields['recipient.phone']).toEqualTypeOf<FieldDecision>();
    expectTypeOf(d).toExtend<PolicyDecision>();
  });

  it('accepts the claims returned by courier-pii/consent verify()', () => {
    expectTypeOf<ConsentClaims>().toExtend<PolicyConsentClaims>();
  });
});
