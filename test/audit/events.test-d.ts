import { describe, expectTypeOf, it } from 'vitest';
import type { AuditEntry, AuditEvent, AuditEventOf, AuditKind, AuditLog } from 'courier-pii/audit';

declare const log: AuditLog;

describe('audit event types', () => {
  it('accepts well-formed events of built-in and custom kinds', () => {
    expectTypeOf(log.append).parameter(0).toEqualTypeOf<AuditEvent>();
    expectTypeOf(log.append).returns.toEqualTypeOf<Promise<AuditEntry>>();
    const ok: AuditEvent = {
      kind: 'consent.revoked',
      actor: 'app',
      purpose: 'consent',
      data: { tokenId: 't1', extraJson: [1, 'two'] },
    };
    const custom: AuditEvent = { kind: 'custom', name: 'acme.x', actor: 'a', purpose: 'p' };
    expectTypeOf(ok).toMatchTypeOf<AuditEvent>();
    expectTypeOf(custom).toMatchTypeOf<AuditEvent>();
  });

  it('rejects missing required data, wrong data types and unknown kinds', () => {
    // @ts-expect-error consent.revoked needs data.tokenId
    const a: AuditEvent = { kind: 'consent.revoked', actor: 'a', purpose: 'p', data: {} };
    // @ts-expect-error alert severity is a fixed union
    const b: AuditEvent = { kind: 'alert', actor: 'a', purpose: 'p', data: { rule: 'r', severity: 'meh' } };
    // @ts-expect-error unknown kinds must use kind: 'custom'
    const c: AuditEvent = { kind: 'made.up', actor: 'a', purpose: 'p' };
    // @ts-expect-error purpose is required
    const d: AuditEvent = { kind: 'field.view', actor: 'a', data: {} };
    void [a, b, c, d];
  });

  it('narrows data by kind', () => {
    const e = {} as AuditEventOf<'key.rotated'>;
    expectTypeOf(e.data.fromKeyId).toEqualTypeOf<string>();
    expectTypeOf<'handover.started'>().toMatchTypeOf<AuditKind>();
  });
});
