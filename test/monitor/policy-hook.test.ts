import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, queryAudit } from 'courier-pii/audit';
import { createAccessMonitor, defaultRules, type MonitorAlert } from 'courier-pii/monitor';
import { parcel, Parcel, platformPolicy } from './parcel.js';
import { T0 } from './helpers.js';

const MIN = 60_000;

describe('the monitor hooked into the real policy', () => {
  it('blocks a prober through the deny list the policy honours, until cleared', async () => {
    const log = createAuditLog({ sink: memorySink() });
    const alerts: MonitorAlert[] = [];
    const monitor = createAccessMonitor({ schema: Parcel, audit: log, onAlert: (a) => alerts.push(a) });
    const policy = platformPolicy({ onDecision: monitor.onDecision, denyList: monitor.denyList });
    const actor = { id: 'cs-66', roles: ['cs'] };
    // A CS agent probes a purpose it does not have: every decision is denied.
    for (let i = 0; i < 13; i++) {
      const d = policy.decide({
        actor,
        purpose: 'delivery',
        resource: parcel(i, 'c-1'),
        context: { now: T0 + i * 10_000 },
      });
      expect(d.record).toBe(false);
    }
    expect(alerts.map((a) => a.rule)).toEqual(['denied-burst']);
    expect(monitor.denyList.has('cs-66')).toBe(true);
    // Now even its legitimate purpose is refused, and the refusals are not re-alerted.
    const blocked = policy.decide({
      actor,
      purpose: 'support',
      resource: parcel(1, 'c-1'),
      context: { now: T0 + 5 * MIN },
    });
    expect(blocked.record).toBe(false);
    expect(blocked.fields['recipient.phone'].effect).toBe('deny');
    expect(monitor.stats().blocked).toBe(1);
    expect(alerts).toHaveLength(1);
    // Another agent is unaffected.
    const other = policy.decide({
      actor: { id: 'cs-1', roles: ['cs'] },
      purpose: 'support',
      resource: parcel(1, 'c-1'),
    });
    expect(other.fields['recipient.phone'].effect).toBe('mask');
    // A reviewer clears it: the agent is served again and the closure is on record.
    const closed = await monitor.clear('cs-66', {
      by: 'sec-officer-1',
      resolution: 'false-positive',
      ticket: 'SEC-101',
    });
    expect(closed.map((a) => a.id)).toEqual([alerts[0]?.id]);
    expect(monitor.denyList.has('cs-66')).toBe(false);
    expect(monitor.openAlerts()).toHaveLength(0);
    const again = policy.decide({
      actor,
      purpose: 'support',
      resource: parcel(1, 'c-1'),
      context: { now: T0 + 20 * MIN },
    });
    expect(again.fields['recipient.phone'].effect).toBe('mask');
    await monitor.flush();
    const closures = await queryAudit(log, { kinds: ['monitor.alert.closed'] });
    expect(closures).toHaveLength(1);
    expect(closures[0]?.data).toMatchObject({
      closedBy: 'sec-officer-1',
      resolution: 'false-positive',
      unblocked: true,
      alertIds: [alerts[0]?.id],
    });
  });

  it('catches a courier opening plaintext addresses of parcels assigned to colleagues', () => {
    const alerts: MonitorAlert[] = [];
    const monitor = createAccessMonitor({ schema: Parcel, onAlert: (a) => alerts.push(a) });
    const policy = platformPolicy({ onDecision: monitor.onDecision, denyList: monitor.denyList });
    const courier = { id: 'c-7', roles: ['courier'], attrs: { stationId: 'st-1' } };
    // Own parcels, all day long: fine.
    for (let i = 0; i < 120; i++)
      policy.decide({
        actor: courier,
        purpose: 'delivery',
        resource: parcel(i, 'c-7'),
        context: { now: T0 + i * MIN },
      });
    expect(alerts).toHaveLength(0);
    // A colleague's parcels: the station rule allows it, the monitor counts it.
    for (let i = 0; i < 16; i++)
      policy.decide({
        actor: courier,
        purpose: 'delivery',
        resource: parcel(1000 + i, 'c-8'),
        context: { now: T0 + 121 * MIN + i * 20_000 },
      });
    expect(alerts.map((a) => a.rule)).toContain('courier-unassigned-address-burst');
    expect(monitor.denyList.has('c-7')).toBe(true);
  });

  it('raises the same alerts after the fact from the audit log the policy wrote', async () => {
    const log = createAuditLog({ sink: memorySink() });
    const live: MonitorAlert[] = [];
    const rules = defaultRules().filter(
      (r) => r.id === 'denied-burst' || r.id === 'courier-unassigned-address-burst',
    );
    const monitor = createAccessMonitor({ rules, schema: Parcel, onAlert: (a) => live.push(a) });
    const policy = platformPolicy({ audit: log, onDecision: monitor.onDecision });
    for (let i = 0; i < 20; i++)
      policy.decide({
        actor: { id: 'cs-2', roles: ['cs'] },
        purpose: 'delivery',
        recordId: `wb-${i}`,
        resource: parcel(i, 'c-1'),
        context: { now: T0 + (i + 1) * 5_000 },
      });
    await policy.flush();
    const later = createAccessMonitor({ rules, schema: Parcel, rolesOf: () => ['cs'] });
    const replayed = await later.observeAll(log);
    expect(live.map((a) => a.rule)).toEqual(['denied-burst']);
    expect(replayed.map((a) => [a.rule, a.actor])).toEqual([['denied-burst', 'cs-2']]);
  });
});
