import { describe, expect, it } from 'vitest';
import { NEW_ACCOUNT_INSIDERS, simulateMonth } from '../../scripts/simulate-month.js';

describe('a simulated month of courier traffic through the real policy', () => {
  // 40 honest new hires and 60 peak-season temps, so that "under 2 %" means at most one of them.
  const r = simulateMonth({
    couriers: 200,
    station: 40,
    cs: 60,
    days: 30,
    insidersPerType: 1,
    seed: 7,
    newHires: 40,
    temps: 60,
  });

  it('catches every injected insider and alerts on under 1% of honest actors', () => {
    expect(r.honestActors).toBe(394);
    expect(r.decisions).toBeGreaterThan(400_000);
    expect(r.insiders.map((i) => i.type).sort()).toEqual([
      'after-hours',
      'courier-burst',
      'courier-slow',
      'cs-burst',
      'cs-slow',
      'new-cs-slow',
      'prober',
      'temp-station-slow',
    ]);
    for (const i of r.insiders) {
      expect(i.attempted, i.type).toBeGreaterThan(0);
      expect(i.caught, `${i.type} was missed`).toBe(true);
    }
    // Deny rules stop a burst early: most of what was attempted was refused.
    const burst = r.insiders.find((i) => i.type === 'cs-burst');
    expect(burst && burst.exposedBeforeBlock / burst.attempted).toBeLessThan(0.35);
    const prober = r.insiders.find((i) => i.type === 'prober');
    expect(prober?.minutesToAlert).toBeLessThanOrEqual(10);
    expect(r.honestAlertRate).toBeLessThan(0.01);
  });

  it('catches new-account insiders who stay under every hourly threshold within their first two working days', () => {
    const fresh = r.insiders.filter((i) => NEW_ACCOUNT_INSIDERS.includes(i.type));
    expect(fresh.map((i) => i.type).sort()).toEqual(['new-cs-slow', 'temp-station-slow']);
    for (const i of fresh) {
      // Under every fixed hourly rule: no count rule fired for them, only the peer rules did.
      expect(
        i.rules.filter((x) => !x.startsWith('new-account-') && !x.startsWith('peer-')),
        i.type,
      ).toEqual([]);
      expect(i.workingDaysToAlert, i.type).toBeGreaterThanOrEqual(1);
      expect(i.workingDaysToAlert, i.type).toBeLessThanOrEqual(2);
    }
  });

  it('alerts on under 2% of honest new hires and temps, and on under 1% of everyone', () => {
    expect(r.newAccounts).toBe(100);
    expect(r.newAccountAlertRate).toBeLessThan(0.02);
    expect(r.honestAlertRate).toBeLessThan(0.01);
  });
});
