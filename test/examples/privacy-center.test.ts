// The privacy-center reference app (examples/privacy-center) driven in headless Chromium, in
// this process on a free port with an injected clock: a customer signs in with the demo code,
// sees a masked parcel, downloads their data, revokes a grant (whose token then fails verify),
// withdraws a consent, files a complaint; staff see it open, then overdue once the clock passes
// the due date. After every page the DOM (text and attributes) is checked for the values the
// policy masks or denies for this customer. Screenshots go to test-artifacts/privacy-center/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivacyCenter, type PrivacyCenter } from '../../examples/privacy-center/app.js';
import { DEMO_PEOPLE } from '../../examples/privacy-center/backend.js';
import { esc, layout } from '../../examples/privacy-center/pages.js';
import { verify } from '../../src/consent/index.js';
import { chromiumPath } from '../support/browser.js';
import { scratchDir } from '../support/scratch.js';
import { endPool, pgUrl, pool } from '../stores/services.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-artifacts', 'privacy-center');
const T0 = Date.UTC(2026, 11, 6, 2); // 10:00 in Shanghai
const DAY = 86_400_000;
const PEOPLE = DEMO_PEOPLE as Record<string, Record<string, string>>;

let t = T0;
let center: PrivacyCenter;
let base: string;
let browser: Browser;
const codes: Array<[string, string]> = [];
const logLines: string[] = [];
/** What the policy masks or denies for cust-r1, as plaintext: never on a page. */
let hidden: string[] = [];

async function hiddenValuesFor(subject: string): Promise<string[]> {
  const b = center.backend;
  const out = new Set<string>();
  for (const p of await b.parcelsOf(subject)) {
    const rec = p.record as { sender: { customerId: string }; recipient: { customerId: string } };
    const d = b.policy.decide({
      actor: { id: subject, roles: ['customer'] },
      purpose: 'delivery',
      resource: p.record,
      context: { now: t },
    });
    for (const role of ['sender', 'recipient'] as const) {
      const person = PEOPLE[rec[role].customerId]!;
      for (const field of ['name', 'phone', 'address', 'idNumber']) {
        const effect = (d.fields as Record<string, { effect: string }>)[`${role}.${field}`]?.effect;
        if (effect !== 'allow' && person[field] !== undefined) out.add(person[field]!);
      }
    }
  }
  return [...out];
}

async function checkNothingHidden(page: Page): Promise<void> {
  // outerHTML holds every attribute and text node; textContent is the body's text alone.
  const [html, text] = await page.evaluate(() => [
    document.documentElement.outerHTML,
    document.body.textContent,
  ]);
  for (const v of hidden) {
    expect(html.includes(v), 'a masked or denied value is in the page source').toBe(false);
    expect(text.includes(v), 'a masked or denied value is in the page text').toBe(false);
  }
}

async function checkAccessible(page: Page): Promise<void> {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    if (!document.documentElement.lang) out.push('no lang attribute');
    if (document.querySelectorAll('h1').length !== 1) out.push('not exactly one h1');
    for (const el of Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))) {
      const c = el as HTMLInputElement;
      if (c.labels?.length === 0 && !c.getAttribute('aria-label')) out.push(`unlabelled ${c.name}`);
    }
    for (const b of Array.from(document.querySelectorAll('button')))
      if (!(b.textContent ?? '').trim() && !b.getAttribute('aria-label')) out.push('button without a name');
    return out;
  });
  expect(problems).toEqual([]);
}

async function signIn(page: Page, account: string, labels = { account: '客户编号', code: '一次性验证码' }) {
  await page.goto(`${base}/`);
  await page.getByLabel(labels.account).fill(account);
  await page.getByRole('button', { name: /获取一次性验证码|Send me a one-time code/ }).click();
  await page.getByLabel(labels.code).waitFor();
  const code = codes.filter(([a]) => a === account).at(-1)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await page.getByLabel(labels.code).fill(code!);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL(/\/(home|staff)$/);
}

describe('privacy-center reference app in headless Chromium', () => {
  let customer: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const executablePath = chromiumPath();
    mkdirSync(shots, { recursive: true });
    center = await createPrivacyCenter({
      now: () => t,
      sqlitePath: join(scratchDir('cpii-privacy-center-'), 'pc.db'),
      onCode: (account, code) => void codes.push([account, code]),
      log: (line) => void logLines.push(line),
    });
    base = await center.listen(0);
    hidden = await hiddenValuesFor('cust-r1');
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    customer = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 1400 } });
    customer.setDefaultTimeout(15_000);
    page = await customer.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await center?.close();
  });

  it('hides from the customer what the policy masks or denies (the fixture has such values)', () => {
    const s1 = PEOPLE['cust-s1']!;
    // The counterparty's full phone, ID number and address are among them.
    expect(hidden).toEqual(expect.arrayContaining([s1.phone, s1.idNumber, s1.address, s1.name]));
  });

  it('signs the customer in with the one-time code and shows a masked parcel, in Chinese first', async () => {
    await signIn(page, 'cust-r1');
    expect(new URL(page.url()).pathname).toBe('/home');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.getByRole('heading', { level: 2, name: '我的包裹' }).count()).resolves.toBe(1);
    const masked = page
      .locator('article', { hasText: 'SF1043212345678' })
      .locator('tr[data-path="sender.phone"]');
    expect(await masked.getAttribute('data-effect')).toBe('mask');
    expect(await masked.textContent()).toMatch(/139\*{4}5678.*（部分隐藏）/);
    const denied = page
      .locator('article', { hasText: 'SF1043212345678' })
      .locator('tr[data-path="sender.idNumber"]');
    expect(await denied.textContent()).toContain('（不显示）');
    await checkNothingHidden(page);
    await checkAccessible(page);
    await page.screenshot({ path: join(shots, '01-home-zh.png'), fullPage: true });
  });

  it('downloads the customer’s data: their own fields, not the counterparty’s', async () => {
    const res = await page.request.get(`${base}/export`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toContain('attachment');
    const bundle = (await res.json()) as { format: string; subjectId: string; records: unknown[] };
    expect([bundle.format, bundle.subjectId, bundle.records.length]).toEqual([
      'courier-pii/subject-export/v1',
      'cust-r1',
      3,
    ]);
    const text = JSON.stringify(bundle);
    expect(text).toContain(PEOPLE['cust-r1']!.address);
    for (const v of hidden) expect(text.includes(v)).toBe(false);
  });

  it('revokes a grant: it leaves the list and its token fails verify', async () => {
    const entry = [...center.backend.demoTokens.entries()].find(([, v]) => v.grantee === 'n-5531')!;
    const [tokenId, g] = entry;
    const check = () =>
      verify(g.token, {
        issuers: center.backend.issuers,
        purpose: g.purpose,
        grantee: g.grantee,
        resource: g.resource,
        revocations: center.backend.revocations,
        now: t,
      });
    await expect(check()).resolves.toMatchObject({ subject: 'cust-r1' });
    const item = page.locator(`li[data-token-id="${tokenId}"]`);
    expect(await item.textContent()).toContain('邻居 n-5531');
    await item.getByRole('button', { name: /撤销此授权/ }).click();
    await page.waitForURL(/\/home\?done=1$/);
    expect(await page.locator(`li[data-token-id="${tokenId}"]`).count()).toBe(0);
    expect(await page.locator('li[data-token-id]').count()).toBe(1);
    await expect(check()).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await checkNothingHidden(page);
  });

  it('withdraws a purpose consent, which queues erasure work', async () => {
    const row = page.locator('tr[data-purpose="marketing"]');
    expect(await row.textContent()).toContain('已同意');
    await row.getByRole('button', { name: /撤回同意/ }).click();
    await page.waitForURL(/\/home\?done=1$/);
    expect(await page.locator('tr[data-purpose="marketing"]').textContent()).toContain('已撤回');
    expect(await page.locator('tr[data-purpose="analytics"]').textContent()).toContain('已同意');
    const status = await center.backend.ledger.status('cust-r1');
    expect(status.find((s) => s.purpose === 'marketing')?.live).toBe(false);
    expect(center.backend.erasureWork.map((w) => [w.subjectId, w.scope])).toEqual([
      ['cust-r1', 'purpose-data'],
    ]);
    await checkNothingHidden(page);
  });

  let complaintId = '';
  it('files a complaint and follows its status and due date', async () => {
    await page.getByLabel('类型').selectOption('complaint');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/home\?done=1$/);
    const rows = await center.backend.desk.list({ subjectId: 'cust-r1' });
    expect(rows.map((r) => [r.kind, r.state, r.dueAt])).toEqual([['complaint', 'received', T0 + 30 * DAY]]);
    complaintId = rows[0]!.id;
    const row = page.locator(`tr[data-request-id="${complaintId}"]`);
    const text = await row.textContent();
    expect(text).toContain('投诉');
    expect(text).toContain('已受理');
    expect(text).toContain('2027年1月5日');
    expect(text).not.toContain('已逾期');
    // A request the desk refuses (withdrawal without a purpose) shows its error code, not input.
    await page.getByLabel('类型').selectOption('consent-withdrawal');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/error=INVALID_ARGUMENT$/);
    expect(await page.getByRole('alert').textContent()).toContain('INVALID_ARGUMENT');
    await checkNothingHidden(page);
    await checkAccessible(page);
    await page.screenshot({ path: join(shots, '02-requests-zh.png'), fullPage: true });
  });

  it('switches to English and keeps hiding what the policy hides', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 2, name: 'My parcels' }).count()).toBe(1);
    expect(await page.locator('tr[data-path="sender.phone"]').first().textContent()).toContain(
      '(partly hidden)',
    );
    expect(await page.locator('li[data-token-id]').first().textContent()).toMatch(
      /^Parcel locker l-0021 may/,
    );
    await checkNothingHidden(page);
    await checkAccessible(page);
    await page.screenshot({ path: join(shots, '03-home-en.png'), fullPage: true });
  });

  it('refuses a form without the session’s CSRF token, or from another origin', async () => {
    const before = await page.locator('li[data-token-id]').count();
    const cookie = (await customer.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${base}/grants/revoke-all`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
        body,
      });
    expect((await post({}, 'csrf=forged')).status).toBe(403);
    expect((await post({}, '')).status).toBe(403);
    const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
    expect((await post({ origin: 'http://evil.example' }, `csrf=${csrf}`)).status).toBe(403);
    await page.reload();
    expect(await page.locator('li[data-token-id]').count()).toBe(before);
  });

  it('shows staff the complaint open, then overdue once the clock passes its due date', async () => {
    const staff = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1100, height: 900 } });
    staff.setDefaultTimeout(15_000);
    const sp = await staff.newPage();
    await signIn(sp, 'staff-1');
    expect(new URL(sp.url()).pathname).toBe('/staff');
    expect(await sp.locator(`#open tr[data-request-id="${complaintId}"]`).count()).toBe(1);
    expect(await sp.locator(`#overdue tr[data-request-id="${complaintId}"]`).count()).toBe(0);
    expect(await sp.locator('#erasure-count').textContent()).toBe('1');
    // A customer page is not for staff, and the staff page is not for customers.
    expect((await sp.goto(`${base}/home`))?.status()).toBe(404);
    expect((await page.goto(`${base}/staff`))?.status()).toBe(404);

    t = T0 + 31 * DAY; // sessions expire on the same clock: sign in again
    await signIn(sp, 'staff-1');
    const late = sp.locator(`#overdue tr[data-request-id="${complaintId}"]`);
    expect(await late.count()).toBe(1);
    expect(await late.textContent()).toContain('已逾期');
    await checkAccessible(sp);
    await sp.screenshot({ path: join(shots, '04-staff-overdue.png'), fullPage: true });
    await staff.close();
  });

  it('logs method, path, status and time only: no value, code or token', () => {
    expect(logLines.length).toBeGreaterThan(10);
    for (const line of logLines) expect(line).toMatch(/^(GET|POST) \/[a-z/-]* \d{3} \d+ms$/);
    const secrets = [
      ...Object.values(PEOPLE).flatMap((p) => Object.values(p)),
      ...codes.map(([, c]) => c),
      ...[...center.backend.demoTokens.values()].map((g) => g.token),
    ];
    for (const s of secrets) expect(logLines.join('\n').includes(s)).toBe(false);
  });
});

describe('privacy-center on PostgreSQL (PRIVACY_CENTER_DATABASE_URL)', () => {
  it('serves the same pages from PostgreSQL: masked parcel, a complaint that goes overdue for staff', async () => {
    let now = T0;
    const got: Array<[string, string]> = [];
    const schema = `pc_${process.pid}_${Date.now().toString(36)}`;
    const pc = await createPrivacyCenter({
      databaseUrl: pgUrl(),
      schema,
      now: () => now,
      onCode: (a, c) => void got.push([a, c]),
      log: () => undefined,
    });
    try {
      expect(pc.backend.kind).toBe('postgres');
      const url = await pc.listen(0);
      // A browser's cookie jar, by hand: the app's forms need their cookies and CSRF tokens.
      const signIn = async (account: string) => {
        const jar = new Map<string, string>();
        const call = async (path: string, body?: Record<string, string>) => {
          const res = await fetch(`${url}${path}`, {
            method: body ? 'POST' : 'GET',
            redirect: 'manual',
            headers: {
              cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
              ...(body ? { 'content-type': 'application/x-www-form-urlencoded', origin: url } : {}),
            },
            ...(body ? { body: new URLSearchParams(body).toString() } : {}),
          });
          for (const c of res.headers.getSetCookie()) {
            const [kv] = c.split(';');
            const [k, v] = kv!.split('=');
            jar.set(k!, v!);
          }
          return { status: res.status, text: await res.text(), location: res.headers.get('location') };
        };
        const first = await call('/');
        const csrf = /name="csrf" value="([^"]+)"/.exec(first.text)![1]!;
        await call('/signin', { csrf, account });
        const code = got.filter(([a]) => a === account).at(-1)![1];
        expect((await call('/signin/code', { csrf, account, code })).status).toBe(303);
        return call;
      };
      const cust = await signIn('cust-r1');
      const home = await cust('/home');
      expect(home.text).toMatch(/data-path="sender.phone" data-effect="mask">.*139\*{4}5678/);
      const s1 = PEOPLE['cust-s1']!;
      for (const v of [s1.phone, s1.idNumber, s1.address, s1.name])
        expect(home.text.includes(v!)).toBe(false);
      const csrf = /name="csrf" value="([^"]+)"/.exec(home.text)![1]!;
      expect((await cust('/requests', { csrf, kind: 'complaint' })).location).toBe('/home?done=1');
      const [complaint] = await pc.backend.desk.list({ subjectId: 'cust-r1' });
      now = T0 + 31 * DAY;
      const staff = await (await signIn('staff-1'))('/staff');
      expect(staff.text).toMatch(new RegExp(`id="overdue">.*data-request-id="${complaint!.id}"`, 's'));
    } finally {
      await pc.close();
      await pool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await endPool();
    }
  }, 120_000);
});

describe('privacy-center pages escape what they print', () => {
  it('escapes markup and quotes in text and attributes', () => {
    expect(esc(`<img src=x onerror="a('b')">&\``)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;&#96;',
    );
    const page = layout('en', '<b>"x"</b>', '', { path: '/"><script>', notice: '<i>', error: "'" });
    expect(page).not.toMatch(/<b>|<i>|<script>|href="\/">/);
    expect(page).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
  });
});
