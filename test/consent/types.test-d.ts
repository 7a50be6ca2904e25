import { describe, expectTypeOf, it } from 'vitest';
import type { AuditLog } from '../../src/audit/index.js';
import {
  type ConsentAuditSink,
  type ConsentClaims,
  type RevocationStore,
  attenuate,
  createFileRevocationStore,
  grant,
  redeem,
  verify,
} from '../../src/consent/index.js';
import type { PolicyConsentClaims } from '../../src/policy/index.js';

describe('consent types', () => {
  it('verified claims can be passed to the policy as context.consent', () => {
    expectTypeOf<ConsentClaims>().toExtend<PolicyConsentClaims>();
  });

  it('an audit log from courier-pii/audit is a receipt sink', () => {
    expectTypeOf<AuditLog>().toExtend<ConsentAuditSink>();
  });

  it('claims are read-only', () => {
    expectTypeOf<ConsentClaims['scope']>().toEqualTypeOf<Readonly<Record<string, 'allow' | 'mask'>>>();
    // @ts-expect-error claims cannot be edited after verification
    const edit = (c: ConsentClaims) => (c.purpose = 'marketing');
    expectTypeOf(edit).toBeFunction();
  });

  it('verify and redeem resolve to claims, attenuate stays synchronous', () => {
    expectTypeOf(verify).returns.toEqualTypeOf<Promise<ConsentClaims>>();
    expectTypeOf(redeem).returns.toEqualTypeOf<Promise<ConsentClaims>>();
    expectTypeOf(attenuate).returns.toEqualTypeOf<string>();
    expectTypeOf(grant).returns.resolves.toHaveProperty('token').toEqualTypeOf<string>();
  });

  it('verify needs a revocation store or the explicit opt-out', () => {
    expectTypeOf<Parameters<typeof verify>[1]['revocations']>().toEqualTypeOf<
      RevocationStore | 'unchecked'
    >();
    expectTypeOf(createFileRevocationStore).returns.toExtend<RevocationStore>();
  });
});
