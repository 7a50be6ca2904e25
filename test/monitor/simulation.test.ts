import { describe, expect, it } from 'vitest';
import { simulateMonth } from '../../scripts/simulate-month.js';

describe('a simulated month of courier traffic through the real policy', () => {
  it('catches every injected insider and alerts on under 1% of honest actors', () => {
    const r = simulateMonth({ couriers: 200, station: 40, cs: 60, days: 30, insidersPerType: 1, seed: 7 });
    expect(r.honestActors).toBe(294);
    expect(r.decisions).toBeGreaterThan(400_000);
    expect(r.insiders.map((i) => i.type).sort()).toEqual([
      'after-hours',
      'courier-burst',
      'courier-slow',
      'cs-burst',
      'cs-slow',
      'prober',
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
});
