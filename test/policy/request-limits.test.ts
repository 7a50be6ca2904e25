// The strings of a decision request have length limits, checked before anything reads them: a
// decision with an audit log hands purpose, roles and actor id to the audit log's PII guard,
// and a caller must not be able to make it scan megabytes per request.
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import { isPiiError } from 'courier-pii';
import { type PolicyRequest, policyFromJson } from 'courier-pii/policy';
import { NOW, Parcel, courierJson, parcel } from './fixtures.js';

function base(over: Partial<PolicyRequest> = {}): PolicyRequest {
  return {
    actor: { id: 'c-7', roles: ['courier'] },
    purpose: 'delivery',
    resource: parcel(),
    recordId: 'P-1',
    context: { now: NOW },
    ...over,
  };
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isPiiError(e) ? e.code : 'not a PiiError';
  }
  return undefined;
}

describe('decision request length limits', () => {
  it('refuses an over-long purpose, role or actor id before the audit log sees it', async () => {
    const sink = memorySink();
    const p = policyFromJson(Parcel, courierJson, { audit: createAuditLog({ sink }) });
    // adversarial content the guard would have to scan: repeated address words and digits
    const huge = '地址北京市朝阳区1'.repeat(20_000);
    const cases: PolicyRequest[] = [
      base({ purpose: huge }),
      base({ purpose: 'd'.repeat(101) }),
      base({ actor: { id: huge, roles: ['courier'] } }),
      base({ actor: { id: 'c'.repeat(257), roles: ['courier'] } }),
      base({ actor: { id: 'c-7', roles: ['courier', huge] } }),
      base({ actor: { id: 'c-7', roles: Array.from({ length: 1001 }, () => 'courier') } }),
    ];
    for (const r of cases) {
      // the fastest of five tries, so a garbage collection or a busy machine does not decide it
      let fastest = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        expect(codeOf(() => p.decide(r))).toBe('INVALID_ARGUMENT');
        fastest = Math.min(fastest, performance.now() - t0);
      }
      expect(fastest).toBeLessThan(50);
    }
    await p.flush();
    expect(sink.entries).toHaveLength(0);
  });

  it('accepts strings at the limits', async () => {
    const sink = memorySink();
    const p = policyFromJson(Parcel, courierJson, { audit: createAuditLog({ sink }) });
    const d = p.decide(
      base({ purpose: 'p'.repeat(100), actor: { id: 'c'.repeat(256), roles: ['courier', 'r'.repeat(100)] } }),
    );
    expect(d.forced).toBe('unknown-purpose');
    expect(p.decide(base()).record).toBe(true);
    await p.flush();
    expect(sink.entries).toHaveLength(2);
  });

  it('names the limit, never the value, in the error', () => {
    const p = policyFromJson(Parcel, courierJson);
    try {
      p.decide(base({ purpose: `13812345678${'x'.repeat(200)}` }));
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain('purpose');
      expect((e as Error).message).not.toContain('13812345678');
    }
  });
});
