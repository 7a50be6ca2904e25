import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog, fileSink, verifyAuditFile } from '../../src/audit/index.js';
import { generateSigningKey } from '../../src/consent/index.js';
import { progressBar } from '../../src/cli/progress.js';
import { verifyAuditFileWithProgress } from '../../src/cli/verify-audit.js';
import { tmp } from './helpers.js';

const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

describe('audit verify with a progress bar', () => {
  it('gives the same verdict as verifyAuditFile on good, tampered, torn, non-JSON and truncated logs', async () => {
    const dir = tmp();
    const key = generateSigningKey();
    const path = join(dir, 'audit.jsonl');
    const log = createAuditLog({ sink: fileSink(path), signingKey: key });
    for (let i = 0; i < 30; i++) {
      await log.append({
        kind: 'key.destroyed',
        actor: 'ops-1',
        purpose: 'retention',
        keyIds: [`dek-${i}`],
        data: { keyId: `dek-${i}` },
      });
    }
    const checkpoint = await log.checkpoint();
    await log.close();
    const good = readFileSync(path, 'utf8');
    const lines = good.split('\n');
    const variants: Record<string, string> = {
      good,
      empty: '',
      tampered: good.replace('dek-7', 'dek-8'),
      torn: good + lines[0]!.slice(0, 20),
      notJson: [...lines.slice(0, 3), '{oops', ...lines.slice(4)].join('\n'),
      truncated: `${lines.slice(0, 20).join('\n')}\n`,
      reordered: [lines[1], lines[0], ...lines.slice(2)].join('\n'),
    };
    for (const [name, text] of Object.entries(variants)) {
      writeFileSync(path, text);
      const opts = { publicKey: key.publicKey, checkpoint };
      const expected = await verifyAuditFile(path, opts);
      const got = await verifyAuditFileWithProgress(path, opts, progressBar('v', quiet));
      expect(got, name).toEqual(expected);
    }
  });

  it('reports progress in bytes up to the file size', async () => {
    const dir = tmp();
    const path = join(dir, 'audit.jsonl');
    const log = createAuditLog({ sink: fileSink(path) });
    for (let i = 0; i < 50; i++) {
      await log.append({
        kind: 'key.destroyed',
        actor: 'ops-1',
        purpose: 'retention',
        keyIds: [`dek-${i}`],
        data: { keyId: `dek-${i}` },
      });
    }
    await log.close();
    const seen: Array<[number, number | undefined]> = [];
    const r = await verifyAuditFileWithProgress(
      path,
      {},
      { update: (d, t) => seen.push([d, t]), finish: () => {} },
    );
    expect(r.ok).toBe(true);
    const size = readFileSync(path).length;
    expect(seen.at(-1)).toEqual([size, size]);
  });
});
