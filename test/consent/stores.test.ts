import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createFileGrantIndex,
  createFilePurposeConsentStore,
  createFileRevocationStore,
  createFileUseCounter,
  createMemoryRevocationStore,
  createMemoryUseCounter,
} from '../../src/consent/index.js';
import { codeOf } from './helpers.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cpii-consent-');
let n = 0;
const file = () => join(dir, `store-${n++}.log`);
const ID = '0123456789abcdef0123456789abcdef';

describe.each([
  ['memory', () => createMemoryRevocationStore()],
  ['file', () => createFileRevocationStore(file())],
])('%s revocation store', (_name, make) => {
  it('reports an id as revoked only after it is revoked', async () => {
    const s = make();
    expect(await s.isRevoked([ID])).toBe(false);
    await s.revoke(ID);
    await s.revoke(ID);
    expect(await s.isRevoked(['other', ID])).toBe(true);
    expect(await s.isRevoked(['other'])).toBe(false);
    await s.close();
  });

  it('refuses ids that could break the store format', async () => {
    const s = make();
    expect(await codeOf(s.revoke('a b\nr x'))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(s.revoke(''))).toBe('INVALID_ARGUMENT');
    await s.close();
  });
});

describe.each([
  ['memory', () => createMemoryUseCounter()],
  ['file', () => createFileUseCounter(file())],
])('%s use counter', (_name, make) => {
  it('counts up to the limit and then refuses', async () => {
    const c = make();
    expect(await c.consume('t', 2)).toEqual({ ok: true, used: 1 });
    expect(await c.consume('t', 2)).toEqual({ ok: true, used: 2 });
    expect(await c.consume('t', 2)).toEqual({ ok: false, used: 2 });
    expect(await c.used('t')).toBe(2);
    expect(await c.used('u')).toBe(0);
    expect((await c.consume('u', Number.POSITIVE_INFINITY)).ok).toBe(true);
    await c.close();
  });

  it('never counts past the limit under concurrent consumers', async () => {
    const c = make();
    const r = await Promise.all(Array.from({ length: 25 }, () => c.consume('k', 7)));
    expect(r.filter((x) => x.ok)).toHaveLength(7);
    expect(await c.used('k')).toBe(7);
    await c.close();
  });

  it('rejects a bad limit', async () => {
    const c = make();
    expect(await codeOf(c.consume('k', 0))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(c.consume('k', 1.5))).toBe('INVALID_ARGUMENT');
    await c.close();
  });
});

describe('file stores on disk', () => {
  it('keep revocations and counts across reopen', async () => {
    const rp = file();
    const up = file();
    const r1 = createFileRevocationStore(rp);
    await r1.revoke(ID);
    await r1.close();
    const u1 = createFileUseCounter(up);
    await u1.consume('t', 5);
    await u1.consume('t', 5);
    await u1.close();
    expect(await createFileRevocationStore(rp).isRevoked([ID])).toBe(true);
    const u2 = createFileUseCounter(up);
    expect(await u2.used('t')).toBe(2);
    expect((await u2.consume('t', 3)).used).toBe(3);
    expect((await u2.consume('t', 3)).ok).toBe(false);
    await u2.close();
  });

  it('accept a path relative to the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const s = createFileRevocationStore(`relative-${n++}.log`);
      await s.revoke(ID);
      expect(await s.isRevoked([ID])).toBe(true);
      await s.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('drop a torn last line left by an interrupted write, and keep appending cleanly', async () => {
    const p = file();
    writeFileSync(p, 'u t\nu t\nu t');
    const c = createFileUseCounter(p);
    expect(await c.used('t')).toBe(2);
    await c.consume('t', 10);
    await c.close();
    expect(readFileSync(p, 'utf8')).toBe('u t\nu t\nu t\n');
  });

  it('report STORE_CORRUPT for an unreadable line instead of guessing', async () => {
    const p = file();
    writeFileSync(p, 'u t\ngarbage here\nu t\n');
    expect(await codeOf(createFileUseCounter(p).used('t'))).toBe('STORE_CORRUPT');
    const q = file();
    writeFileSync(q, 'u t\n');
    expect(await codeOf(createFileRevocationStore(q).isRevoked([ID]))).toBe('STORE_CORRUPT');
  });

  it('every file store keeps nothing of a file it could not read, and reads the file again on the next call', async () => {
    const grant = {
      tokenId: 't1',
      subjectId: 'r-1',
      grantee: 'n-1',
      purpose: 'pickup',
      scope: { pickupCode: 'allow' },
      grantedAt: 0,
      expiresAt: 1,
    };
    const consent = { subjectId: 'cust-1', purpose: 'marketing', action: 'give', at: 0, noticeVersion: 'v3' };
    const stores = [
      // [store, a good line, a read of what the store holds]
      [createFileUseCounter, 'u t', (s: ReturnType<typeof createFileUseCounter>) => s.used('t')],
      [
        createFileRevocationStore,
        `r ${ID}`,
        (s: ReturnType<typeof createFileRevocationStore>) => s.isRevoked([ID]),
      ],
      [
        createFileGrantIndex,
        JSON.stringify(grant),
        (s: ReturnType<typeof createFileGrantIndex>) => s.list('r-1').then((l) => l.length),
      ],
      [
        createFilePurposeConsentStore,
        JSON.stringify(consent),
        (s: ReturnType<typeof createFilePurposeConsentStore>) => s.history('cust-1').then((l) => l.length),
      ],
    ] as const;
    for (const [make, good, read] of stores) {
      const p = file();
      // Two good lines before the bad one: a load that kept them would count them again below.
      writeFileSync(p, `${good}\n${good}\nnot a line of this store\n`);
      const s = make(p) as never;
      expect(await codeOf((read as (s: never) => Promise<unknown>)(s))).toBe('STORE_CORRUPT');
      writeFileSync(p, `${good}\n`);
      expect(await (read as (s: never) => Promise<unknown>)(s)).toBe(
        make === createFileRevocationStore ? true : 1,
      );
      await (s as { close(): Promise<void> }).close();
    }
  });

  it('a use counter killed with SIGKILL mid-run never loses a counted use nor exceeds the limit', async () => {
    const p = file();
    const child = join(dir, 'child.mts');
    const src = new URL('../../src/consent/index.ts', import.meta.url).pathname;
    writeFileSync(
      child,
      `import { createFileUseCounter } from ${JSON.stringify(src)};
const c = createFileUseCounter(${JSON.stringify(p)});
for (;;) { const r = await c.consume('tok', 400); if (!r.ok) break; process.stdout.write(r.used + '\\n'); }
process.stdout.write('done\\n');`,
    );
    for (let round = 0; round < 2; round++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (out.split('\n').length > 30 * (round + 1)) {
            clearInterval(timer);
            proc.kill('SIGKILL');
          }
        }, 5);
        proc.on('exit', () => {
          clearInterval(timer);
          resolve();
        });
      });
      const acknowledged = Math.max(
        0,
        ...out
          .split('\n')
          .filter((l) => /^\d+$/.test(l))
          .map(Number),
      );
      expect(acknowledged).toBeGreaterThan(0);
      const c = createFileUseCounter(p);
      const used = await c.used('tok');
      await c.close();
      // Every use reported to the caller is on disk; at most one more was written but not reported.
      expect(used).toBeGreaterThanOrEqual(acknowledged);
      expect(used).toBeLessThanOrEqual(acknowledged + 1);
      expect(used).toBeLessThanOrEqual(400);
    }
  }, 60_000);
});
