import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileKeyStore, type SubjectKeyRecord } from '../../src/crypto/index.js';
import { scratchDir } from '../support/scratch.js';

const source = fileURLToPath(new URL('./fixtures/keystore-writer.ts', import.meta.url));

/** Bundles the writer once (esbuild ships with tsx), so each restart costs a bare node start. */
async function bundle(): Promise<string[]> {
  try {
    const { build } = await import('esbuild');
    const outfile = join(scratchDir('cpii-writer-'), 'writer.mjs');
    await build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
    });
    return [outfile];
  } catch {
    return ['--import', 'tsx', source];
  }
}
let child: string[] = [];

/** Runs the writer until it has acknowledged some writes, then SIGKILLs it mid-stream. */
function runAndKill(path: string, start: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...child, path, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer) timer = setTimeout(() => p.kill('SIGKILL'), 20 + Math.floor(Math.random() * 120));
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('error', reject);
    p.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${err}`));
      // only complete lines were acknowledged
      resolve(out.split('\n').slice(0, -1));
    });
  });
}

describe('fileKeyStore under SIGKILL', () => {
  it('never loses or corrupts a key acknowledged before the process was killed', async () => {
    child = await bundle();
    const path = join(scratchDir('cpii-fault-'), 'keys.journal');
    const acked = new Map<number, 'a' | 'c' | 'd'>();
    let start = 0;
    const iterations = 40;
    for (let it = 0; it < iterations; it++) {
      const lines = await runAndKill(path, start);
      for (const l of lines) {
        const [op, n] = l.split(' ');
        acked.set(Number(n), op as 'a' | 'c' | 'd');
      }
      start += 100_000; // fresh subject ids each round
      // After every kill the store opens and holds every acknowledged key intact.
      const s = fileKeyStore(path);
      const bad: string[] = [];
      const fill = (r: SubjectKeyRecord | undefined, kek: string, b: number): boolean =>
        r?.state === 'active' &&
        r.kekId === kek &&
        r.wrapped.length === 72 &&
        r.wrapped.every((x) => x === b % 251);
      for (const [n, op] of acked) {
        const r = await s.get(`s${n}`);
        const ok =
          op === 'd'
            ? r?.state === 'destroyed'
            : op === 'c'
              ? r?.revision === 2 && fill(r, 'k2', n + 1)
              : (r?.revision === 1 && fill(r, 'k1', n)) || r?.revision === 2; // a later change may have landed unacknowledged
        if (!ok) bad.push(`s${n}`);
      }
      expect(bad).toEqual([]);
      await s.close();
    }
    expect(acked.size).toBeGreaterThan(iterations * 8);
  }, 120_000);
});
