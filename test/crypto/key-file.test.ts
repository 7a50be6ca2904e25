// Key files (courier-pii-key/1, docs/formats.md "Key files"): round trips, the exact bytes of
// the format, and a strict reader (wrong type, unknown member, wrong size, mismatched public key).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from 'courier-pii/consent';
import {
  createKeyring,
  generateKey,
  KEY_FILE_FORMAT,
  KEY_FOLDER_FILES,
  type KeyFileContent,
  keyFileText,
  loadKeyFile,
  loadKeyFolder,
  parseKeyFile,
  saveKeyFile,
} from 'courier-pii/crypto';
import { codeAndMessage } from '../support/pii-error.js';
import { scratchDir } from '../support/scratch.js';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');

describe('key files', () => {
  it('round-trip every type through text and through files', () => {
    // Plain Uint8Arrays on both sides (generateKey may hand out a Buffer on Node).
    const u8 = (b: Uint8Array) => Uint8Array.from(b);
    const pair = generateSigningKey();
    const s = { secretKey: u8(pair.secretKey), publicKey: u8(pair.publicKey) };
    const all: KeyFileContent[] = [
      { type: 'kek', id: 'kek-2026', key: u8(generateKey()) },
      { type: 'index', id: 'index-1', key: u8(generateKey()) },
      { type: 'signing', id: 'signing-1', secretKey: s.secretKey, publicKey: s.publicKey },
      { type: 'signing-public', id: 'signing-1', publicKey: s.publicKey },
    ];
    const dir = scratchDir('cpii-keyfile-');
    for (const c of all) {
      expect(parseKeyFile(keyFileText(c), c.type)).toEqual(c);
      const path = join(dir, KEY_FOLDER_FILES[c.type]);
      saveKeyFile(path, c);
      expect(loadKeyFile(path, c.type)).toEqual(c);
      expect(statSync(path).mode & 0o777).toBe(c.type === 'signing-public' ? 0o644 : 0o600);
    }
    const folder = loadKeyFolder(dir);
    expect(folder.kek).toEqual({ id: 'kek-2026', key: (all[0] as { key: Uint8Array }).key });
    expect(folder.indexKey).toEqual((all[1] as { key: Uint8Array }).key);
    expect(folder.signingKey).toEqual({ secretKey: s.secretKey, publicKey: s.publicKey });
    expect(createKeyring({ keks: [folder.kek], active: folder.kek.id }).activeId).toBe('kek-2026');
  });

  it('writes the documented members, base64url without padding, in this order', () => {
    const key = new Uint8Array(32).fill(7);
    const text = keyFileText(
      { type: 'kek', id: 'kek-a', key },
      { createdAt: new Date('2026-11-28T00:00:00Z') },
    );
    expect(text).toBe(
      `{\n  "format": "${KEY_FILE_FORMAT}",\n  "type": "kek",\n  "id": "kek-a",\n  "key": "${b64(key)}",\n  "createdAt": "2026-11-28T00:00:00.000Z"\n}\n`,
    );
    expect(b64(key)).not.toContain('=');
  });

  it('loads a folder with only kek.json (keygen --kek-only)', () => {
    const dir = scratchDir('cpii-keyfile-');
    saveKeyFile(join(dir, 'kek.json'), { type: 'kek', id: 'kek-new', key: generateKey() });
    const f = loadKeyFolder(dir);
    expect(f.kek.id).toBe('kek-new');
    expect(f.indexKey).toBeUndefined();
    expect(f.signingKey).toBeUndefined();
  });

  it('never replaces a file unless asked', () => {
    const path = join(scratchDir('cpii-keyfile-'), 'kek.json');
    saveKeyFile(path, { type: 'kek', id: 'a', key: generateKey() });
    const r = codeAndMessage(() => saveKeyFile(path, { type: 'kek', id: 'b', key: generateKey() }));
    expect(r.code).toBe('INVALID_ARGUMENT');
    expect(r.message).toContain('overwrite');
    saveKeyFile(path, { type: 'kek', id: 'b', key: generateKey() }, { overwrite: true });
    expect(loadKeyFile(path, 'kek').id).toBe('b');
  });

  it('refuses anything it does not understand, naming the problem but never the key', () => {
    const key = generateKey();
    const s = generateSigningKey();
    const other = generateSigningKey();
    const good = { format: KEY_FILE_FORMAT, type: 'kek', id: 'kek-a', key: b64(key) };
    const cases: Array<[string, unknown, string, string]> = [
      ['not JSON', 'kek', 'kek', 'not JSON'],
      ['an array', [good], 'kek', 'not a JSON object'],
      ['another format', { ...good, format: 'courier-pii-key/2' }, 'kek', '"format"'],
      ['another type', good, 'index', 'it holds a kek key, not a index key'],
      ['an unknown type', { ...good, type: 'kek2' }, 'kek', 'no known type'],
      ['a bad id', { ...good, id: 'a b' }, 'kek', '"id"'],
      ['an empty id', { ...good, id: '' }, 'kek', '"id"'],
      ['a short key', { ...good, key: b64(key.subarray(1)) }, 'kek', '32 bytes'],
      ['a padded key', { ...good, key: `${Buffer.from(key).toString('base64')}` }, 'kek', '32 bytes'],
      ['an unknown member', { ...good, note: 'x' }, 'kek', 'unknown member "note"'],
      [
        'a public key on a KEK',
        { ...good, publicKey: b64(s.publicKey) },
        'kek',
        'unknown member "publicKey"',
      ],
      [
        'a signing key with another public key',
        { ...good, type: 'signing', key: b64(s.secretKey), publicKey: b64(other.publicKey) },
        'signing',
        'does not belong',
      ],
      [
        'a signing key without its public key',
        { ...good, type: 'signing', key: b64(s.secretKey) },
        'signing',
        '"publicKey"',
      ],
      ['createdAt not a string', { ...good, createdAt: 5 }, 'kek', '"createdAt"'],
    ];
    for (const [what, doc, type, says] of cases) {
      const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
      const r = codeAndMessage(() => parseKeyFile(text, type as 'kek', 'kek.json'));
      expect(r.code, what).toBe('KEY_INVALID');
      expect(r.message, what).toContain(says);
      expect(r.message, what).toContain('courier-pii keygen');
      for (const secret of [key, s.secretKey]) {
        expect(r.message).not.toContain(b64(secret));
        expect(r.message).not.toContain(Buffer.from(secret).toString('base64'));
      }
    }
  });

  it('refuses to write what it could not read back', () => {
    const s = generateSigningKey();
    const other = generateSigningKey();
    expect(codeAndMessage(() => keyFileText({ type: 'kek', id: 'x y', key: generateKey() })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      codeAndMessage(() => keyFileText({ type: 'index', id: 'i', key: new Uint8Array(16) })).message,
    ).toContain('32-byte');
    expect(
      codeAndMessage(() =>
        keyFileText({ type: 'signing', id: 's', secretKey: s.secretKey, publicKey: other.publicKey }),
      ).code,
    ).toBe('KEY_INVALID');
    expect(codeAndMessage(() => parseKeyFile('{}', 'secret' as 'kek')).code).toBe('INVALID_ARGUMENT');
  });

  it('a missing or unreadable file says how to create one', () => {
    const dir = scratchDir('cpii-keyfile-');
    const r = codeAndMessage(() => loadKeyFolder(dir));
    expect(r.code).toBe('KEY_INVALID');
    expect(r.message).toMatch(/Cannot read key file .*kek\.json; create one with `courier-pii keygen`/);
    saveKeyFile(join(dir, 'kek.json'), { type: 'kek', id: 'k', key: generateKey() });
    writeFileSync(join(dir, 'index.json'), '{"format":"courier-pii-key/1","type":"index"}');
    expect(codeAndMessage(() => loadKeyFolder(dir)).message).toContain('index.json');
    expect(readFileSync(join(dir, 'kek.json'), 'utf8')).toContain('"type": "kek"');
  });

  it('docs/formats.md "Key files" lists exactly the members the files have', () => {
    const doc = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Key files'), doc.indexOf('## Lifecycle documents'));
    const documented = [...section.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map((m) => m[1]).sort();
    const s = generateSigningKey();
    const written = new Set<string>();
    for (const c of [
      { type: 'kek', id: 'k', key: generateKey() },
      { type: 'index', id: 'i', key: generateKey() },
      { type: 'signing', id: 's', ...s },
      { type: 'signing-public', id: 's', publicKey: s.publicKey },
      { type: 'signing', id: 's', ...generateSigningKey({ alg: 'sm2' }) },
    ] as KeyFileContent[]) {
      for (const k of Object.keys(JSON.parse(keyFileText(c)))) written.add(k);
    }
    expect(documented).toEqual([...written].sort());
    for (const f of Object.values(KEY_FOLDER_FILES)) expect(section).toContain(`\`${f}\``);
  });
});
