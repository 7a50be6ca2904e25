// A month of audit entries for report tests: decisions through the real policy (with the monitor
// hooked in), consent steps, erasures, a destruction certificate, transfers, alerts and a closure.
import { type AuditLog, createAuditLog, memorySink } from 'courier-pii/audit';
import { createAccessMonitor } from 'courier-pii/monitor';
import { parcel, platformPolicy } from './parcel.js';

export const MONTH_FROM = Date.UTC(2026, 2, 1) - 8 * 3_600_000; // 2026-03-01 00:00 UTC+8
export const MONTH_TO = Date.UTC(2026, 3, 1) - 8 * 3_600_000;

export async function monthOfAudit(): Promise<{ log: AuditLog; rolesOf: (a: string) => string[] }> {
  let now = MONTH_FROM;
  const log = createAuditLog({ sink: memorySink(), clock: () => now });
  const monitor = createAccessMonitor({ audit: log, clock: () => now });
  const policy = platformPolicy({ audit: log, onDecision: monitor.onDecision, denyList: monitor.denyList });
  const rolesOf = (a: string) => [a.split('-')[0] as string];
  for (let day = 0; day < 31; day++) {
    const dayStart = MONTH_FROM + day * 86_400_000;
    for (let i = 0; i < 12 + (day % 7); i++) {
      now = dayStart + 9 * 3_600_000 + i * 600_000;
      policy.decide({
        actor: { id: `courier-${i % 4}`, roles: ['courier'], attrs: { stationId: 'st-1' } },
        purpose: 'delivery',
        recordId: `wb-${day}-${i}`,
        resource: parcel(i, `courier-${i % 4}`),
        context: { now },
      });
      if (i % 2 === 0)
        policy.decide({
          actor: { id: `cs-${i % 3}`, roles: ['cs'] },
          purpose: 'support',
          recordId: `wb-${day}-${i}`,
          resource: parcel(i, 'courier-1'),
          context: { now },
        });
    }
    await policy.flush(); // the log stamps entries as it accepts them: keep each day on its day
    // Week 2: a CS agent probes a purpose it does not have and gets blocked.
    if (day === 9) {
      for (let i = 0; i < 14; i++) {
        now = dayStart + 15 * 3_600_000 + i * 20_000;
        policy.decide({
          actor: { id: 'cs-9', roles: ['cs'] },
          purpose: 'delivery',
          recordId: `wb-probe-${i}`,
          resource: parcel(i, 'courier-1'),
          context: { now },
        });
      }
      await policy.flush();
      await monitor.flush();
      now = dayStart + 17 * 3_600_000;
      await monitor.clear('cs-9', { by: 'dpo-1', resolution: 'confirmed', ticket: 'SEC-7' });
    }
    if (day === 20) {
      for (let i = 0; i < 14; i++) {
        now = dayStart + 23 * 3_600_000 + i * 20_000;
        policy.decide({
          actor: { id: 'station-2', roles: ['station'] },
          purpose: 'support',
          recordId: `wb-night-${i}`,
          resource: parcel(i, 'courier-1'),
          context: { now },
        });
      }
    }
  }
  await policy.flush();
  await monitor.flush();
  now = MONTH_FROM + 3 * 86_400_000;
  await log.append({
    kind: 'consent.granted',
    actor: 'app',
    purpose: 'neighbour-pickup',
    subjects: ['subj-1'],
    data: { tokenId: 't-1', grantee: 'courier-1', expiresAt: '2026-03-05T00:00:00.000Z' },
  });
  await log.append({
    kind: 'consent.attenuated',
    actor: 'courier-1',
    purpose: 'neighbour-pickup',
    data: { tokenId: 't-2', parentId: 't-1' },
  });
  await log.append({
    kind: 'consent.redeemed',
    actor: 'courier-1',
    purpose: 'neighbour-pickup',
    data: { tokenId: 't-2', use: 1, maxUses: 1 },
  });
  await log.append({
    kind: 'consent.revoked',
    actor: 'app',
    purpose: 'neighbour-pickup',
    data: { tokenId: 't-1' },
  });
  now = MONTH_FROM + 12 * 86_400_000;
  await log.append({
    kind: 'subject.erased',
    actor: 'dpo-1',
    purpose: 'erasure-request',
    subjects: ['subj-2'],
    data: { method: 'crypto-shred' },
  });
  await log.append({
    kind: 'subject.erased',
    actor: 'dpo-1',
    purpose: 'erasure-request',
    subjects: ['subj-3'],
    data: { method: 'crypto-shred' },
  });
  await log.append({
    kind: 'retention.destroyed',
    actor: 'lifecycle',
    purpose: 'retention',
    data: { rule: 'waybill-3y', count: 120, certificateId: 'cert-2026-03-a' },
  });
  await log.append({
    kind: 'transfer.recorded',
    actor: 'lifecycle',
    purpose: 'cross-border-transfer',
    data: { destination: 'HK', basis: 'standard-contract', allowed: true, subjectCount: 40 },
  });
  await log.append({
    kind: 'transfer.recorded',
    actor: 'lifecycle',
    purpose: 'cross-border-transfer',
    data: { destination: 'US', basis: 'none', allowed: false, subjectCount: 12000 },
  });
  await log.append({
    kind: 'subject.exported',
    actor: 'dpo-1',
    purpose: 'access-request',
    subjects: ['subj-4'],
    data: { format: 'json' },
  });
  return { log, rolesOf };
}
