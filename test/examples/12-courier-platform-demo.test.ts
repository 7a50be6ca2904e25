import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/12-courier-platform-demo.js';

describe('example 12: the end-to-end courier demo (npm run demo)', () => {
  it('tells the whole story and every step behaves', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      lines.push(a.join(' '));
    });
    let result: Awaited<ReturnType<typeof main>>;
    try {
      result = await main();
    } finally {
      log.mockRestore();
    }
    const out = lines.join('\n');
    for (let n = 1; n <= 12; n++) expect(out).toMatch(new RegExp(`^${n}\\. `, 'm'));
    expect(out).toContain('The whole story ran; every check passed.');
    expect(out).not.toMatch(/demo check failed/);
    expect(result.alerts.some((a) => a.rule === 'cs-distinct-recipients-hour' && a.action === 'deny')).toBe(
      true,
    );
    expect(result.verdict.ok).toBe(true);
    expect(result.report.keyIdsDestroyed.length).toBeGreaterThan(0);
    expect(result.notices).toBeGreaterThan(1000);
    expect(existsSync(result.htmlPath)).toBe(true);
    expect(readFileSync(result.htmlPath, 'utf8')).toContain('<html');
    expect(result.label.recipient.phone).toMatch(/\*{4}/);
    // No resident ID and no full mobile number is printed anywhere in the story, except the
    // customer's own view of their own data.
    expect(out).not.toMatch(/\d{17}[\dX]/);
  });
});
