// Signing key files of both algorithms (docs/formats.md "Key files"): version 1 is Ed25519 and
// stays byte for byte; version 2 names its algorithm (`alg`), which is how an SM2 key is kept.
// Every case runs for both algorithms; the frozen vectors are read by an independent decoder; a
// writer killed with SIGKILL mid-save leaves the old file or the new one, never a broken one.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sm2 as ref } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, verifyCheckpoint } from 'courier-pii/audit';
import { generateSigningKey } from 'courier-pii/consent';
import {
  KEY_FILE_FORMAT,
  KEY_FILE_FORMAT_V2,
  type KeyFileContent,
  keyFileText,
  loadKeyFile,
  loadKeyFolder,
  parseKeyFile,
  saveKeyFile,
} from 'courier-pii/crypto';
import { codeAndMessage } from '../support/pii-error.js';
import { scratchDir } from '../support/scratch.js';

const ALGS = ['ed25519', 'sm2'] as const;
type Alg = (typeof ALGS)[number];
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const u8 = (b: Uint8Array) => Uint8Array.from(b);
const vector = (f: string) => fileURLToPath(new URL(`../vectors/keyfile/${f}`, import.meta.url));

/** A signing key pair as the key file holds it: SM2 names its alg, Ed25519 keeps the v1 shape. */
function pair(alg: Alg): Extract<KeyFileContent, { type: 'signing' }> {
  const k = generateSigningKey({ alg });
  return {
    type: 'signing',
    id: 'signing-1',
    ...(alg === 'sm2' ? { alg } : {}),
    secretKey: u8(k.secretKey),
    publicKey: u8(k.publicKey),
  };
}

describe.each(ALGS)('%s signing key files', (alg) => {
  it('round-trip through text, files and a key folder, and the key signs what its public half verifies', async () => {
    const dir = scratchDir('cpii-keyfile-');
    const s = pair(alg);
    const pub: KeyFileContent = {
      type: 'signing-public',
      id: s.id,
      ...(alg === 'sm2' ? { alg } : {}),
      publicKey: s.publicKey,
    };
    for (const c of [s, pub]) {
      const text = keyFileText(c);
      expect(JSON.parse(text).format).toBe(alg === 'sm2' ? KEY_FILE_FORMAT_V2 : KEY_FILE_FORMAT);
      expect(parseKeyFile(text, c.type)).toEqual(c);
    }
    saveKeyFile(join(dir, 'signing.json'), s);
    saveKeyFile(join(dir, 'signing.pub.json'), pub);
    saveKeyFile(join(dir, 'kek.json'), { type: 'kek', id: 'kek-1', key: new Uint8Array(32).fill(1) });
    expect(loadKeyFile(join(dir, 'signing.pub.json'), 'signing-public')).toEqual(pub);
    const folder = loadKeyFolder(dir);
    expect(folder.signingKey?.alg).toBe(s.alg);
    // The loaded key signs an audit checkpoint that the public key file verifies.
    const log = createAuditLog({ sink: memorySink(), signingKey: folder.signingKey! });
    await log.append({
      kind: 'key.destroyed',
      actor: 'ops',
      purpose: 'retention',
      keyIds: ['k'],
      data: { keyId: 'k' },
    });
    const cp = await log.checkpoint();
    expect(verifyCheckpoint(cp, loadKeyFile(join(dir, 'signing.pub.json'), 'signing-public').publicKey)).toBe(
      true,
    );
    expect(verifyCheckpoint(cp, pair(alg).publicKey)).toBe(false);
  });

  it('refuses a wrong alg, a truncated or a tampered file with KEY_INVALID, never quoting the key', () => {
    const s = pair(alg);
    const doc = JSON.parse(keyFileText(s)) as Record<string, unknown>;
    const other: Alg = alg === 'sm2' ? 'ed25519' : 'sm2';
    const text = JSON.stringify(doc);
    const flip = (v: string) =>
      b64(Uint8Array.from(Buffer.from(v, 'base64url'), (x, i) => (i === 5 ? x ^ 1 : x)));
    const cases: Array<[string, string, string]> = [
      ['truncated', text.slice(0, text.length - 9), 'not JSON'],
      [
        'tampered public key',
        JSON.stringify({ ...doc, publicKey: flip(doc.publicKey as string) }),
        '"publicKey"',
      ],
      [
        'tampered secret key',
        JSON.stringify({ ...doc, key: flip(doc.key as string) }),
        '"publicKey" does not belong',
      ],
      [
        'the other alg named',
        JSON.stringify({ ...doc, format: KEY_FILE_FORMAT_V2, alg: other }),
        '"publicKey" must be',
      ],
      ['an unknown alg', JSON.stringify({ ...doc, format: KEY_FILE_FORMAT_V2, alg: 'rsa' }), '"alg"'],
      [
        'version 2 without alg',
        JSON.stringify({ ...doc, format: KEY_FILE_FORMAT_V2, alg: undefined }),
        '"alg"',
      ],
      [
        'alg in a version 1 file',
        JSON.stringify({ ...doc, format: KEY_FILE_FORMAT, alg }),
        'unknown member "alg"',
      ],
      [
        'a KEK in version 2',
        JSON.stringify({ format: KEY_FILE_FORMAT_V2, type: 'kek', id: 'k', key: doc.key }),
        '"format"',
      ],
    ];
    for (const [what, t, says] of cases) {
      const r = codeAndMessage(() =>
        parseKeyFile(t, what.includes('KEK') ? 'kek' : 'signing', 'signing.json'),
      );
      expect(r.code, what).toBe('KEY_INVALID');
      expect(r.message, what).toContain(says);
      expect(r.message, what).toContain('signing.json');
      expect(r.message, what).not.toContain(doc.key as string);
    }
    // Writing refuses what it could not read back.
    const w = codeAndMessage(() => keyFileText({ ...s, alg: 'rsa' as Alg }));
    expect(w.code).toBe('INVALID_ARGUMENT');
    expect(codeAndMessage(() => keyFileText({ ...s, alg: other })).code).toMatch(
      /INVALID_ARGUMENT|KEY_INVALID/,
    );
  });

  it('a writer killed with SIGKILL while replacing the file leaves the old key or the new one', async () => {
    const dir = scratchDir('cpii-keyfile-kill-');
    const a = pair(alg);
    const b = pair(alg);
    writeFileSync(join(dir, 'a.json'), keyFileText(a));
    writeFileSync(join(dir, 'b.json'), keyFileText(b));
    const path = join(dir, 'signing.json');
    saveKeyFile(path, a);
    for (let round = 0; round < 3; round++) {
      const saves = await runAndKill(path, join(dir, 'a.json'), join(dir, 'b.json'));
      expect(saves).toBeGreaterThan(0);
      const k = loadKeyFile(path, 'signing');
      expect([a, b].some((c) => c.secretKey.every((x, i) => x === k.secretKey[i]))).toBe(true);
      expect(k.alg).toBe(a.alg);
    }
  }, 60_000);
});

const writer = fileURLToPath(new URL('./fixtures/key-file-writer.ts', import.meta.url));

/** Starts the writer, SIGKILLs it once it has saved a few times; resolves the saves it reported. */
function runAndKill(path: string, a: string, b: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', writer, path, a, b], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer) timer = setTimeout(() => p.kill('SIGKILL'), 10 + Math.floor(Math.random() * 80));
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('error', reject);
    p.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${err}`));
      resolve(out.split('\n').length - 1);
    });
  });
}

describe('frozen key file vectors', () => {
  it('an independent decoder reads them, and the library writes the same bytes again', () => {
    const createdAt = new Date('2026-12-01T00:00:00.000Z');
    for (const f of ['ed25519-signing-v1.json', 'sm2-signing-v2.json', 'sm2-signing-public-v2.json']) {
      const text = readFileSync(vector(f), 'utf8');
      // Independent decoding: plain JSON and base64url, no courier-pii code.
      const d = JSON.parse(text) as Record<string, string>;
      const pk = Buffer.from(d.publicKey!, 'base64url');
      if (d.format === 'courier-pii-key/1') {
        expect(d.alg).toBeUndefined();
        const sk = Buffer.from(d.key!, 'base64url');
        expect(b64(ed25519.getPublicKey(sk))).toBe(d.publicKey);
        expect(Buffer.from(ed25519.getPublicKey(sk)).toString('hex').slice(0, 8)).toBe('d75a9801');
      } else {
        expect(d.format).toBe('courier-pii-key/2');
        expect(d.alg).toBe('sm2');
        expect(pk).toHaveLength(65);
        if (d.key)
          expect(ref.getPublicKeyFromPrivateKey(Buffer.from(d.key, 'base64url').toString('hex'))).toBe(
            pk.toString('hex'),
          );
        expect(pk.toString('hex').slice(0, 10)).toBe('0409f9df31');
      }
      // The library reads them and writes the same bytes.
      const c = parseKeyFile(text, d.type as 'signing');
      expect(keyFileText(c, { createdAt }), f).toBe(text);
    }
  });
});
