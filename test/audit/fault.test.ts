import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAuditLog, type FsyncPolicy, fileSink, queryAudit, verifyAuditFile } from 'courier-pii/audit';

const writer = fileURLToPath(new URL('./fault-writer.ts', import.meta.url));

/** Runs the writer, SIGKILLs it `killAfterMs` after it is ready, returns the acknowledged entries. */
function runAndKill(path: string, fsync: FsyncPolicy, killAfterMs: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, fsync], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<number, string>();
    let buf = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
    });
    child.stdout.on('data', (d: string) => {
      buf += d;
      let nl = buf.indexOf('\n');
      while (nl !== -1) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else {
          const [seq, hash] = line.split(' ');
          acked.set(Number(seq), hash!);
        }
        nl = buf.indexOf('\n');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${err.slice(0, 2000)}`));
      else resolve(acked);
    });
  });
}

describe('file sink under SIGKILL', () => {
  it('keeps every acknowledged entry and a verifiable chain across many kills', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cpii-audit-fault-')), 'audit.jsonl');
    const acked = new Map<number, string>();
    const iterations = 24;
    for (let i = 0; i < iterations; i++) {
      const fsync: FsyncPolicy = i % 3 === 0 ? 'always' : 'batch';
      const got = await runAndKill(path, fsync, 20 + ((i * 37) % 180));
      for (const [seq, hash] of got) {
        // A seq acknowledged twice with different hashes would mean an acknowledged entry was lost.
        expect(acked.get(seq) ?? hash).toBe(hash);
        acked.set(seq, hash);
      }
    }
    expect(acked.size).toBeGreaterThan(iterations * 3);

    // Reopen as a restarted service would, then check the whole file.
    const log = createAuditLog({ sink: fileSink(path, { recover: 'truncate' }) });
    const head = await log.head();
    await log.close();
    const verdict = await verifyAuditFile(path);
    expect(verdict).toMatchObject({ ok: true, size: head.size });
    const stored = await queryAudit(fileSink(path));
    for (const [seq, hash] of acked) expect(stored[seq]?.hash).toBe(hash);
  }, 180_000);
});
