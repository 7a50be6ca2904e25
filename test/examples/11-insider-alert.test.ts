import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/11-insider-alert.js';

describe('example 11: insider alert', () => {
  it('alerts on the rogue agent, blocks every later lookup and leaves colleagues alone', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main();
    log.mockRestore();
    expect(r.alerts.map((a) => [a.rule, a.actor, a.action])).toEqual([
      ['cs-distinct-recipients-hour', 'cs-0417', 'deny'],
    ]);
    expect(r.served).toBe(61);
    expect(r.refused).toBe(339);
    expect(r.blocked).toBe(true);
    expect(r.colleagueEffect).toBe('mask');
    expect(r.auditEntry?.data).toMatchObject({
      rule: 'cs-distinct-recipients-hour',
      count: 61,
      threshold: 60,
      windowMs: 3_600_000,
    });
    expect(JSON.stringify(r.auditEntry)).not.toMatch(/cust-\d|1381234/);
    expect(r.verified).toBe(true);
  });
});
