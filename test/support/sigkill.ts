// The SIGKILL set-up the crash tests share (test/crypto/key-store-fault, test/lifecycle/handover-e2e,
// test/lifecycle/handover-scope-kill): a worker script bundled once, run in a child process,
// killed with SIGKILL when its output says so, and what it printed before the kill.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { scratchDir } from './scratch.js';

/** Bundles `source` once (esbuild ships with tsx), so each restart costs a bare node start. */
export async function bundleWorker(source: string, prefix = 'cpii-worker-'): Promise<string[]> {
  try {
    const { build } = await import('esbuild');
    const outfile = join(scratchDir(prefix), 'worker.mjs');
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

/**
 * Runs `node <worker> ...args`; `watch` sees every complete line printed so far, whenever output
 * arrives, and calls `kill` to SIGKILL the worker (at once or from a timer). Resolves to the
 * complete lines printed before the kill (what was acknowledged); rejects when the worker ends
 * without being killed.
 */
export function runUntilKilled(
  worker: string[],
  args: string[],
  watch: (lines: string[], kill: () => void) => void,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      p.kill('SIGKILL');
    };
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killed) watch(out.split('\n').slice(0, -1), kill);
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('error', reject);
    p.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`worker was not killed (it finished or failed): ${err.slice(0, 500)}`));
      // only complete lines were acknowledged
      else resolve(out.split('\n').slice(0, -1));
    });
  });
}

/** The `rewrapped` figure of the last `progress <done> <rewrapped>` line (0 before the first). */
export function lastRewrapped(lines: string[]): number {
  const last = lines.filter((l) => l.startsWith('progress ')).at(-1);
  return Number(last?.split(' ')[2] ?? 0);
}
