import { describe, expect, it } from 'vitest';
import { type PrivacyReportData, privacyReport } from 'courier-pii/monitor';
import { Parcel } from './parcel.js';
import { MONTH_FROM, MONTH_TO, monthOfAudit } from './report-fixture.js';

describe('privacyReport', () => {
  it('summarises a month of accesses, consent, erasures, destruction, transfers and alerts', async () => {
    const { log, rolesOf } = await monthOfAudit();
    const r = await privacyReport(log, {
      from: MONTH_FROM,
      to: MONTH_TO,
      schema: Parcel,
      rolesOf,
      organization: 'Example Express',
      now: MONTH_TO,
    });
    const d = JSON.parse(r.json) as PrivacyReportData;
    expect(d).toEqual(r.data);
    expect(d.accesses.perDayByRole).toHaveLength(31);
    expect(d.accesses.perDayByRole[0]?.day).toBe('2026-03-01');
    expect(Object.keys(d.accesses.byRole)).toEqual(['courier', 'cs', 'station']);
    expect(d.accesses.byRole.cs).toBe(
      d.accesses.decisions - d.accesses.byRole.courier! - d.accesses.byRole.station!,
    );
    expect(d.accesses.byPurpose).toMatchObject({ delivery: expect.any(Number), support: expect.any(Number) });
    expect(d.accesses.byLevel.sensitive).toBeGreaterThan(0); // couriers see addresses in clear
    expect(d.accesses.denied).toBeGreaterThanOrEqual(28); // the prober and the night visitor
    expect(d.consent).toEqual({ granted: 1, attenuated: 1, revoked: 1, redeemed: 1 });
    expect(d.erasures).toEqual({ total: 2, byMethod: { 'crypto-shred': 2 } });
    expect(d.destruction.certificates.map((c) => c.certificateId)).toEqual(['cert-2026-03-a']);
    expect(d.destruction.recordsDestroyed).toBe(120);
    expect(d.transfers).toMatchObject({ total: 2, allowed: 1, blocked: 1 });
    expect(d.transfers.byDestination.US).toEqual({ count: 1, allowed: 0, blocked: 1, subjects: 12000 });
    expect(d.exports).toBe(1);
    expect(d.alerts.byRule['denied-burst']).toBe(2);
    expect(d.alerts.closed).toHaveLength(1);
    expect(d.alerts.closed[0]).toMatchObject({
      actor: 'cs-9',
      closedBy: 'dpo-1',
      resolution: 'confirmed',
      ticket: 'SEC-7',
      rule: 'denied-burst',
    });
    expect(d.alerts.open).toBe(1);
    expect(d.alerts.perWeek.reduce((s, w) => s + w.count, 0)).toBe(d.alerts.total);
    expect(d.alerts.perWeek[0]?.week).toBe('2026-02-23'); // the Monday of the week holding March 1
    expect(r.markdown).toContain('# Personal information protection report');
    expect(r.markdown).toContain('| denied-burst | 2 |');
    expect(r.markdown).toContain('| cert-2026-03-a | waybill-3y | 120 |');
    expect(r.html).toContain('id="chart-accesses"');
    // Offline: no external script, stylesheet or URL; the one http:// is the SVG namespace name.
    expect(r.html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https:\/\//);
    expect(r.html.match(/http:\/\/[^'"]*/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('counts only the period asked for', async () => {
    const { log, rolesOf } = await monthOfAudit();
    const week = await privacyReport(log, { from: MONTH_FROM, to: MONTH_FROM + 7 * 86_400_000, rolesOf });
    const month = await privacyReport(log, { from: MONTH_FROM, to: MONTH_TO, rolesOf });
    expect(week.data.accesses.perDayByRole).toHaveLength(7);
    expect(week.data.accesses.decisions).toBeLessThan(month.data.accesses.decisions / 3);
    expect(week.data.alerts.total).toBe(0);
    expect(week.data.consent.granted).toBe(1);
  });

  it('escapes log strings in the HTML so none becomes markup', async () => {
    const log = [
      {
        v: 1 as const,
        seq: 0,
        time: '2026-03-02T01:00:00.000Z',
        kind: 'access.decision' as const,
        actor: 'a',
        purpose: '</script><img src=x onerror=alert(1)>',
        data: { record: true, roles: ['<b>cs</b>'], fields: {} },
        prev: '0'.repeat(64),
        hash: '0'.repeat(64),
      },
    ];
    const r = await privacyReport(log, { from: '2026-03-01', to: '2026-03-08' });
    expect(r.html).not.toContain('<img src=x');
    expect(r.html).not.toContain('<b>cs</b>');
    expect(r.html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('rejects an empty or invalid period', async () => {
    await expect(privacyReport([], { from: '2026-03-02', to: '2026-03-01' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(privacyReport([], { from: 'soon', to: '2026-03-01' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
