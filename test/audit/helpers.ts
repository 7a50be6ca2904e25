// Shared fixtures for the audit tests. Not a test file.
import type { AuditEvent } from '../../src/audit/index.js';

/** A deterministic clock: 2026-01-01T00:00:00Z plus one second per call. */
export function stepClock(start = Date.UTC(2026, 0, 1)): () => number {
  let t = start;
  return () => {
    const now = t;
    t += 1000;
    return now;
  };
}

/** A varied, PII-free event for index `i`. */
export function sampleEvent(i: number): AuditEvent {
  switch (i % 6) {
    case 0:
      return {
        kind: 'access.decision',
        actor: `courier-${i % 7}`,
        purpose: 'delivery',
        records: [`parcel-${i}`],
        paths: ['recipient.phone', 'recipient.address'],
        data: {
          record: true,
          fields: { 'recipient.phone': 'mask', 'recipient.address': 'allow' },
          rules: ['r1'],
        },
      };
    case 1:
      return {
        kind: 'field.view',
        actor: `cs-${i % 5}`,
        purpose: 'customer-service',
        subjects: [`subj-${i % 11}`],
        paths: ['recipient.name'],
        data: { effect: 'mask' },
      };
    case 2:
      return {
        kind: 'consent.granted',
        actor: 'app',
        purpose: 'consent',
        subjects: [{ blind: `bi_${(i * 7919).toString(36)}qq` }],
        data: { tokenId: `tok-${i}`, grantee: 'courier-3', expiresAt: '2026-02-01T00:00:00.000Z' },
      };
    case 3:
      return {
        kind: 'key.rotated',
        actor: 'ops',
        purpose: 'key-management',
        keyIds: [`kek-${i}`, `kek-${i + 1}`],
        data: { fromKeyId: `kek-${i}`, toKeyId: `kek-${i + 1}`, rewrapped: i },
      };
    case 4:
      return {
        kind: 'custom',
        name: 'acme.parcel.relabelled',
        actor: 'station-2',
        purpose: 'sorting',
        records: [`parcel-${i}`],
        data: { nested: { list: [1, 2, { deep: true }], none: null } },
      };
    default:
      return {
        kind: 'alert',
        actor: 'monitor',
        purpose: 'security',
        data: { rule: 'bulk-lookup', severity: 'high', count: i },
      };
  }
}
