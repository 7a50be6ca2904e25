import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAuditLog, type FsyncPolicy, fileSink, queryAudit, verifyAuditFile } from 'courier-pii/audit';
import { scratchDir } from '../support/scratch.js';

const writer = fileURLToPath(new URL('./fault-writer.ts', import.meta.url));

/**
 * The writer as a node command line. Bundling it once with esbuild (tsx's own compiler) makes
 * each restart a plain `node` start; if esbuild is unavailable, every start goes through tsx.
 */
async function writerArgs(dir: string): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    const outfile = join(dir, 'fault-writer.mjs');
    await esbuild.build({
      entryPoints: [writer],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    });
    return [outfile];
  } catch {
    return ['--import', 'tsx', writer];
  }
}

/** Runs the writer, SIGKILLs it `killAfterMs` after its first acknowledgement, returns the acknowledged entries. */
function runAndKill(
  args: string[],
  path: string,
  fsync: FsyncPolicy,
  killAfterMs: number,
): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, path, fsync], {
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
        if (!line.startsWith('ready')) {
          const [seq, hash] = line.split(' ');
          // Kill a varying time after the first acknowledgement, while appends are in flight.
          if (acked.size === 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
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
    const dir = scratchDir('cpii-audit-fault-');
    const path = join(dir, 'audit.jsonl');
    const args = await writerArgs(dir);
    const acked = new Map<number, string>();
    const iterations = 24;
    for (let i = 0; i < iterations; i++) {
      const fsync: FsyncPolicy = i % 3 === 0 ? 'always' : 'batch';
      const got = await runAndKill(args, path, fsync, (i * 37) % 150);
      expect(got.size).toBeGreaterThan(0);
      for (const [seq, hash] of got) {
        // A seq acknowledged twice with different hashes would mean an acknowledged entry was lost.
        expect(acked.get(seq) ?? hash).toBe(hash);
        acked.set(seq, hash);
      }
    }
    expect(acked.size).toBeGreaterThanOrEqual(iterations);

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
