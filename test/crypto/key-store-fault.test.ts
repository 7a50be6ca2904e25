import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/_internal/bytes.js';
import { isGmWrapped } from '../../src/crypto/key-record-suite.js';
import { createKeyring, fileKeyStore, generateKey, type SubjectKeyRecord } from '../../src/crypto/index.js';
import { scratchDir } from '../support/scratch.js';
import { bundleWorker, runUntilKilled } from '../support/sigkill.js';
import { SUITES } from '../support/suites.js';

const source = fileURLToPath(new URL('./fixtures/keystore-writer.ts', import.meta.url));

// The GM run kills the writer fewer times: the store treats wrapped values as opaque bytes, so
// what the GM run adds is that suite-2 values survive and unwrap, not more kill timings.
const ITERATIONS = { default: 40, gm: 15 };

describe.each(SUITES)('fileKeyStore under SIGKILL (suite %s keys)', (suite) => {
  it('never loses or corrupts a key acknowledged before the process was killed', async () => {
    const worker = await bundleWorker(source, 'cpii-writer-');
    const path = join(scratchDir('cpii-fault-'), 'keys.journal');
    const k1 = generateKey();
    const k2 = generateKey();
    const keyring = createKeyring({
      keks: [
        { id: 'k1', key: k1 },
        { id: 'k2', key: k2 },
      ],
      active: 'k1',
    });
    const acked = new Map<number, 'a' | 'c' | 'd'>();
    const intact = new Map<string, string>();
    let start = 0;
    const iterations = ITERATIONS[suite];
    for (let it = 0; it < iterations; it++) {
      let armed = false;
      // killed 20-140 ms after its first acknowledged write, mid-stream
      const lines = await runUntilKilled(
        worker,
        [path, String(start), suite, toHex(k1), toHex(k2)],
        (_l, kill) => {
          if (armed) return;
          armed = true;
          setTimeout(kill, 20 + Math.floor(Math.random() * 120));
        },
      );
      for (const l of lines) {
        const [op, n] = l.split(' ');
        acked.set(Number(n), op as 'a' | 'c' | 'd');
      }
      start += 100_000; // fresh subject ids each round
      // After every kill the store opens and holds every acknowledged key intact.
      const s = fileKeyStore(path);
      const bad: string[] = [];
      // A key is unwrapped the first round it is seen (its DEK and suite are checked); later
      // rounds check its stored bytes have not changed since.
      const holds = async (r: SubjectKeyRecord | undefined, kek: string, n: number, b: number) => {
        if (r?.state !== 'active' || r.kekId !== kek) return false;
        const seen = intact.get(`${n}/${r.revision}`);
        if (seen !== undefined) return seen === toHex(r.wrapped);
        if (isGmWrapped(r.wrapped) !== (suite === 'gm')) return false;
        const dek = await keyring.unwrap(kek, r.subjectId, r.wrapped).catch(() => undefined);
        if (dek === undefined || dek.length !== 32 || !dek.every((x) => x === b % 251)) return false;
        intact.set(`${n}/${r.revision}`, toHex(r.wrapped));
        return true;
      };
      for (const [n, op] of acked) {
        const r = await s.get(`s${n}`);
        const ok =
          op === 'd'
            ? r?.state === 'destroyed'
            : op === 'c'
              ? r?.revision === 2 && (await holds(r, 'k2', n, n + 1))
              : (r?.revision === 1 && (await holds(r, 'k1', n, n))) || r?.revision === 2; // a later change may have landed unacknowledged
        if (!ok) bad.push(`s${n}`);
      }
      expect(bad).toEqual([]);
      await s.close();
    }
    expect(acked.size).toBeGreaterThan(iterations * 8);
  }, 120_000);
});
