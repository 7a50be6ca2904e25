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

  it('rejects a rule purpose that the document does not declare', () => {
    definePolicy(Parcel, {
      id: 'p',
      version: 1,
      purposes: ['delivery', 'pickup'],
      rules: [
        { id: 'ok', purposes: ['pickup'], fields: ['status'], grant: 'allow' },
        // @ts-expect-error 'delivry' is not one of the policy's purposes
        { id: 'typo', purposes: ['delivry'], fields: ['status'], grant: 'allow' },
      ],
    });
  });

  it('rejects a rule role that the document does not declare, when it declares roles', () => {
    definePolicy(Parcel, {
      id: 'p',
      version: 1,
      purposes: ['delivery'],
      roles: ['courier', 'cs_agent'],
      rules: [
        { id: 'ok', roles: ['cs_agent'], fields: ['status'], grant: 'allow' },
        // @ts-expect-error 'curier' is not one of the policy's roles
        { id: 'typo', roles: ['curier'], fields: ['status'], grant: 'allow' },
      ],
    });
  });

  it('accepts any role name when the document declares no roles (as at run time)', () => {
    definePolicy(Parcel, {
      id: 'p',
      version: 1,
      purposes: ['delivery'],
      rules: [
        { id: 'a', roles: ['courier', 'anyone'], purposes: ['delivery'], fields: ['status'], grant: 'allow' },
      ],
    });
  });

  it('infers the declared names from a shared head', () => {
    const typed = { id: 'p', version: 1, purposes: ['delivery'], roles: ['courier'] } as const;
    definePolicy(Parcel, {
      ...typed,
      // @ts-expect-error 'station' is not one of the roles in the head
      rules: [{ id: 'a', roles: ['station'], fields: ['status'], grant: 'allow' }],
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
