// Opens the HTML privacy report in headless Chromium (provided by the global setup) and checks that
// the page's own script drew its charts; saves a screenshot under test-results/ as an artifact.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { privacyReport } from 'courier-pii/monitor';
import { headlessCapture } from '../support/browser.js';
import { Parcel } from './parcel.js';
import { MONTH_FROM, MONTH_TO, monthOfAudit } from './report-fixture.js';

describe('the HTML privacy report in a browser', () => {
  it('draws both charts from its embedded data and renders to a screenshot', async () => {
    const { log, rolesOf } = await monthOfAudit();
    const report = await privacyReport(log, {
      from: MONTH_FROM,
      to: MONTH_TO,
      schema: Parcel,
      rolesOf,
      organization: 'Example Express',
      now: MONTH_TO,
    });
    const outDir = resolve('test-results/monitor');
    mkdirSync(outDir, { recursive: true });
    const page = join(outDir, 'privacy-report.html');
    writeFileSync(page, report.html);
    const dom = await headlessCapture(pathToFileURL(page).href, ['--dump-dom']);
    expect(dom).toContain('data-charts-rendered="2"');
    const d = report.data;
    // One bar per (day, role) with accesses, and one per week with alerts: drawn by the page's script.
    const accessBars = dom.match(/<rect[^>]*class="bar"[^>]*data-series="(courier|cs|station)"/g) ?? [];
    const wantAccessBars = d.accesses.perDayByRole.reduce(
      (n, day) => n + Object.values(day.counts).filter((v) => v > 0).length,
      0,
    );
    expect(accessBars).toHaveLength(wantAccessBars);
    const alertBars = dom.match(/<rect[^>]*class="bar"[^>]*data-series="alerts"/g) ?? [];
    expect(alertBars).toHaveLength(d.alerts.perWeek.filter((w) => w.count > 0).length);
    expect(dom).toContain('data-chart="accesses-per-day"');
    expect(dom).toContain('data-chart="alerts-per-week"');
    const shot = join(outDir, 'privacy-report.png');
    rmSync(shot, { force: true });
    await headlessCapture(pathToFileURL(page).href, [`--screenshot=${shot}`], { windowSize: '1200,2200' });
    expect(existsSync(shot)).toBe(true);
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  });
});
