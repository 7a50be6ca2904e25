import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/12-courier-platform-demo.js';

/** Runs the demo with console.log captured. */
async function runDemo(options: Parameters<typeof main>[0] = {}) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  try {
    const result = await main(options);
    return { result, out: lines.join('\n'), lines };
  } finally {
    log.mockRestore();
  }
}

// A second, independent measure of terminal width: East Asian wide and full-width characters
// take two columns (Unicode UAX #11), everything the demo prints besides takes one.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
function columns(s: string): number {
  let n = 0;
  for (const ch of s) n += WIDE.test(ch) ? 2 : 1;
  return n;
}
/** The display columns at which `│` appears in a line. */
function bars(line: string): number[] {
  const at: number[] = [];
  let col = 0;
  for (const ch of line) {
    if (ch === '│') at.push(col);
    col += WIDE.test(ch) ? 2 : 1;
  }
  return at;
}
/** The rows of the table whose header row starts with `first` (up to the first line without `│`). */
function tableAfter(lines: string[], first: string): string[] {
  const start = lines.findIndex((l) => l.trimStart().startsWith(`${first} `) && l.includes('│'));
  expect(start, `a table headed "${first}"`).toBeGreaterThan(-1);
  const rows: string[] = [];
  for (const l of lines.slice(start)) {
    if (!l.includes('│') && !l.includes('┼')) break;
    rows.push(l);
  }
  return rows.filter((l) => !l.includes('┼'));
}

describe('example 12: the end-to-end courier demo (npm run demo)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells the whole story and every step behaves', async () => {
    const { result, out, lines } = await runDemo();
    for (let n = 1; n <= 12; n++) expect(out).toMatch(new RegExp(`^${n}\\. `, 'm'));
    expect(out).toContain('The whole story ran; every check passed.');
    expect(out).not.toMatch(/demo check failed/);
    expect(result.alerts.some((a) => a.rule === 'cs-distinct-recipients-hour' && a.action === 'deny')).toBe(
      true,
    );
    expect(result.verdict.ok).toBe(true);
    expect(result.report.keyIdsDestroyed.length).toBeGreaterThan(0);
    expect(result.notices).toBeGreaterThan(1000);
    expect(result.html).toContain('<html');
    expect(result.privacy.entries).toBeGreaterThan(0);
    expect(result.label.recipient.phone).toMatch(/\*{4}/);
    // No resident ID and no full mobile number is printed anywhere in the story, except the
    // customer's own view of their own data.
    expect(out).not.toMatch(/\d{17}[\dX]/);
    // Nothing is left in the temporary folder.
    expect(existsSync(result.dir)).toBe(false);

    // The label as the README shows it (138****5678): the national number, and a closed box.
    const box = lines.filter((l) => /^\s+[┌│└]/.test(l));
    expect(box.length).toBe(6);
    expect(new Set(box.map(columns)).size).toBe(1);
    const phones = out.match(/收件 \S+ {2}(\S+)/)?.[1];
    expect(phones).toMatch(/^1\d{2}\*{4}\d{4}$/);

    // Tables: complete cells and the column bars at the same column in every row, CJK included.
    for (const first of ['who', 'field']) {
      const rows = tableAfter(lines, first);
      expect(rows.length).toBeGreaterThan(4);
      const want = JSON.stringify(bars(rows[0]!));
      for (const r of rows) expect(JSON.stringify(bars(r)), r).toBe(want);
      for (const r of rows) expect(r).not.toContain('…');
    }
    expect(tableAfter(lines, 'field').length).toBe(21); // the header and all 20 fields

    // Each number says what it counts.
    expect(out).toMatch(/\d+ answered \(\d+ distinct recipients\), then \d+ refused/);
    expect(out).toMatch(
      /\d+ subject keys in the store: \d+ live keys rewrapped to buyer-kek-1, \d+ tombstones/,
    );
    expect(out).toContain('internal data on purpose');
    expect(out).toMatch(/the privacy report covers all \d+ entries of the audit log/);
  }, 180_000);

  it.each([
    ['a Saturday in Los Angeles', '2026-11-28T20:00:00-08:00', 'America/Los_Angeles'],
    ['a Sunday in Beijing', '2026-11-29T09:30:00+08:00', 'Asia/Shanghai'],
    ['a Sunday just before midnight UTC', '2026-11-29T23:59:00Z', 'UTC'],
  ])(
    'on %s the story is the same and the privacy report has entries',
    async (_, at, tz) => {
      const zone = process.env.TZ;
      process.env.TZ = tz;
      vi.useFakeTimers({ toFake: ['Date'], now: new Date(at) });
      try {
        expect([0, 6]).toContain(new Date().getUTCDay());
        const { result, out } = await runDemo({ orders: 300 });
        expect(out).toContain('The whole story ran; every check passed.');
        expect(out).toMatch(/on 2026-11-27T06:00Z \(a weekday/);
        expect(result.privacy.entries).toBeGreaterThan(300);
        expect(out).toMatch(new RegExp(`from ${result.privacy.entries} audit entries`));
        expect(result.alerts.length).toBeGreaterThan(0);
        expect(existsSync(result.dir)).toBe(false);
      } finally {
        vi.useRealTimers();
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    },
    120_000,
  );
});
