// Private files: every file kind the library writes (keys, audit entries, consent state, progress,
// backups, the CLI's outputs) is created 0600 and every directory it creates 0700, whatever the
// umask; every temp file is a fresh random name created exclusively, so a symlink planted at any
// name it might use (the fixed names of earlier versions, or the very next random name) is never
// written through.
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { atomicWriter, ensurePrivateDir } from '../src/_internal/private-files.js';
import { createAuditLog, fileSink } from '../src/audit/index.js';
import { writeFileAtomic as cliWriteFile, writeLinesAtomic } from '../src/cli/files.js';
import { createFileRevocationStore, createFileUseCounter } from '../src/consent/index.js';
import { fileKeyStore, memoryKeyStore } from '../src/crypto/index.js';
import { backupKeyStore, fileProgressStore, sqliteKeyStore } from '../src/stores/index.js';

const mode = (p: string): number => statSync(p).mode & 0o777;
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cpii-private-'));
  dirs.push(d);
  return d;
};
let umask = 0;
beforeAll(() => {
  // The most permissive umask: a file created with the default mode would be 0666 here.
  umask = process.umask(0);
});
afterAll(() => {
  process.umask(umask);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

const active = (id: string) => ({
  subjectId: id,
  state: 'active' as const,
  kekId: 'kek-1',
  wrapped: new Uint8Array(72).fill(7),
  createdAt: 1,
  revision: 1,
});

describe('every file kind is created 0600, every created directory 0700', () => {
  it('the file key store, before and after compaction', async () => {
    const path = join(tmp(), 'keys.journal');
    const store = fileKeyStore(path);
    await store.create(active('a'));
    expect(mode(path)).toBe(0o600);
    await store.compareAndSet('a', 1, {
      subjectId: 'a',
      state: 'destroyed',
      createdAt: 1,
      destroyedAt: 2,
      revision: 2,
    });
    expect(mode(path)).toBe(0o600); // rewritten by compaction
    await store.close();
  });

  it('the audit file sink and a torn fragment it moves aside', async () => {
    const path = join(tmp(), 'audit.jsonl');
    const log = createAuditLog({ sink: fileSink(path) });
    await log.append({ kind: 'field.view', actor: 'cs-1', purpose: 'support', paths: ['recipient.phone'] });
    await log.close();
    expect(mode(path)).toBe(0o600);
    appendFileSync(path, '{"torn');
    let saved = '';
    const again = createAuditLog({
      sink: fileSink(path, { recover: 'truncate', onRecover: (r) => (saved = r.savedTo) }),
    });
    await again.open();
    await again.close();
    expect(mode(saved)).toBe(0o600);
    expect(readFileSync(saved, 'utf8')).toBe('{"torn');
  });

  it('the consent journals', async () => {
    const d = tmp();
    const revocations = createFileRevocationStore(join(d, 'revocations'));
    await revocations.revoke('tok-1');
    const uses = createFileUseCounter(join(d, 'uses'));
    await uses.consume('grant-1', 3);
    await revocations.close();
    await uses.close();
    expect(mode(join(d, 'revocations'))).toBe(0o600);
    expect(mode(join(d, 'uses'))).toBe(0o600);
  });

  it('progress files, key-store backups and SQLite databases', async () => {
    const d = tmp();
    const progress = fileProgressStore(join(d, 'progress.json'));
    await progress.put('job', { done: 1 });
    await progress.close();
    expect(mode(join(d, 'progress.json'))).toBe(0o600);
    const src = memoryKeyStore();
    await src.create(active('a'));
    await backupKeyStore(src, join(d, 'keys.backup'));
    expect(mode(join(d, 'keys.backup'))).toBe(0o600);
    const db = sqliteKeyStore({ path: join(d, 'keys.db') });
    await db.create(active('a'));
    for (const f of ['keys.db', 'keys.db-wal', 'keys.db-shm'])
      if (existsSync(join(d, f))) expect(mode(join(d, f)), f).toBe(0o600);
    await db.close?.();
  });

  it('directories the library creates, with their missing parents; an existing directory keeps its mode', () => {
    const d = tmp();
    mkdirSync(join(d, 'shared'), { mode: 0o755 });
    const created = ensurePrivateDir(join(d, 'shared', 'a', 'b'));
    expect(created).toEqual([join(d, 'shared', 'a'), join(d, 'shared', 'a', 'b')]);
    expect(mode(join(d, 'shared', 'a'))).toBe(0o700);
    expect(mode(join(d, 'shared', 'a', 'b'))).toBe(0o700);
    expect(mode(join(d, 'shared'))).toBe(0o755);
    writeFileSync(join(d, 'file'), 'x');
    expect(() => ensurePrivateDir(join(d, 'file', 'sub'))).toThrow(
      expect.objectContaining({ code: 'ENOTDIR' }),
    );
  });
});

describe('opening a key store others can read', () => {
  it('warns by default and refuses when asked', async () => {
    const path = join(tmp(), 'keys.journal');
    const s = fileKeyStore(path);
    await s.create(active('a'));
    await s.close();
    writeFileSync(path, readFileSync(path), { mode: 0o644 });
    const { chmodSync } = await import('node:fs');
    chmodSync(path, 0o644);
    const warnings: Array<{ code?: string; message: string }> = [];
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(((m: string, o: { code?: string }) => {
      warnings.push({ message: m, code: o?.code });
    }) as typeof process.emitWarning);
    const warned = fileKeyStore(path);
    expect((await warned.get('a'))?.state).toBe('active');
    await warned.close();
    spy.mockRestore();
    expect(warnings).toEqual([
      { code: 'COURIER_PII_FILE_MODE', message: expect.stringContaining('mode 0644') },
    ]);
    const refusing = fileKeyStore(path, { insecureFileMode: 'refuse' });
    await expect(refusing.get('a')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining(`chmod 600 ${path}`),
    });
    chmodSync(path, 0o600);
    expect((await refusing.get('a'))?.state).toBe('active');
    await refusing.close();
  });

  it('refuses a key store path that is a symbolic link', async () => {
    const d = tmp();
    writeFileSync(join(d, 'elsewhere'), 'x');
    symlinkSync(join(d, 'elsewhere'), join(d, 'keys.journal'));
    const s = fileKeyStore(join(d, 'keys.journal'));
    await expect(s.get('a')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/symbolic link/),
    });
    expect(readFileSync(join(d, 'elsewhere'), 'utf8')).toBe('x');
  });
});

// The next temp name is predictable only in a test: the helper's 12 random bytes are fixed once.
const FIXED = 'ab'.repeat(12);
function predictNextTempName(): void {
  vi.restoreAllMocks();
  const nodeCrypto = process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
  const original = nodeCrypto.randomBytes.bind(nodeCrypto);
  let used = false;
  vi.spyOn(nodeCrypto, 'randomBytes').mockImplementation(((n: number, ...rest: never[]) => {
    if (n === 12 && !used) {
      used = true;
      return Buffer.from(FIXED, 'hex');
    }
    return (original as (n: number, ...r: never[]) => Buffer)(n, ...rest);
  }) as typeof nodeCrypto.randomBytes);
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Plants symlinks at every name a temp file for `target` might take, each pointing at a victim file. */
function plant(target: string, extra: string[] = []): () => void {
  const d = join(target, '..');
  const victim = join(tmp(), 'victim');
  writeFileSync(victim, 'VICTIM');
  const base = target.slice(d.length + 1);
  for (const name of [`.${base}.${FIXED}.tmp`, `${base}.tmp`, `${base}.compact`, ...extra])
    symlinkSync(victim, join(d, name));
  predictNextTempName();
  return () => {
    expect(readFileSync(victim, 'utf8')).toBe('VICTIM');
    // Left alone, or removed as a stale temp file (unlink removes the link itself): never replaced.
    const planted = join(d, `.${base}.${FIXED}.tmp`);
    if (existsSync(planted) || lstatExists(planted)) expect(lstatSync(planted).isSymbolicLink()).toBe(true);
  };
}

describe('a symlink planted at a temp name is never written through', () => {
  it('the helper skips a name someone else created and writes a fresh one', () => {
    const d = tmp();
    const victim = join(d, 'victim');
    writeFileSync(victim, 'VICTIM');
    symlinkSync(victim, join(d, '.out.first.tmp'));
    const names = ['first', 'second'];
    const w = atomicWriter(join(d, 'out'), { suffix: () => names.shift()! });
    expect(w.tempPath).toBe(join(d, '.out.second.tmp'));
    w.write('data');
    w.commit();
    expect(readFileSync(join(d, 'out'), 'utf8')).toBe('data');
    expect(readFileSync(victim, 'utf8')).toBe('VICTIM');
  });

  it('creating a file key store', async () => {
    const path = join(tmp(), 'keys.journal');
    const check = plant(path);
    const s = fileKeyStore(path);
    await s.create(active('a'));
    await s.close();
    check();
    expect(readFileSync(path, 'utf8')).toContain('cpii-keystore v1');
  });

  it('compacting a file key store', async () => {
    const path = join(tmp(), 'keys.journal');
    const s = fileKeyStore(path);
    await s.create(active('a'));
    const check = plant(path);
    await s.compact();
    await s.close();
    check();
    expect((await fileKeyStore(path).get('a'))?.state).toBe('active');
  });

  it('writing a key-store backup', async () => {
    const path = join(tmp(), 'keys.backup');
    const check = plant(path);
    const src = memoryKeyStore();
    await src.create(active('a'));
    expect((await backupKeyStore(src, path)).records).toBe(1);
    check();
  });

  it('saving a progress file', async () => {
    const path = join(tmp(), 'progress.json');
    const check = plant(path);
    const p = fileProgressStore(path);
    await p.put('job', { done: 1 });
    await p.close();
    check();
    expect(JSON.parse(readFileSync(path, 'utf8')).records.job.value).toEqual({ done: 1 });
  });

  it('moving a torn audit fragment aside', async () => {
    const path = join(tmp(), 'audit.jsonl');
    const log = createAuditLog({ sink: fileSink(path) });
    await log.append({ kind: 'field.view', actor: 'cs-1', purpose: 'support' });
    await log.close();
    const offset = statSync(path).size;
    appendFileSync(path, '{"torn');
    const check = plant(`${path}.torn-${offset}`, [`audit.jsonl.torn-${offset}`]);
    let saved = '';
    const again = createAuditLog({
      sink: fileSink(path, { recover: 'truncate', onRecover: (r) => (saved = r.savedTo) }),
    });
    await again.open();
    await again.close();
    check();
    expect(saved).toBe(`${path}.torn-${offset}-1`);
    expect(readFileSync(saved, 'utf8')).toBe('{"torn');
  });

  it("the command line's key files, certificates and notices", async () => {
    const d = tmp();
    const check = plant(join(d, 'kek.json'));
    cliWriteFile(join(d, 'kek.json'), '{"k":1}\n', 0o600, false);
    check();
    expect(mode(join(d, 'kek.json'))).toBe(0o600);
    const check2 = plant(join(d, 'notices.jsonl'));
    const n = await writeLinesAtomic(
      join(d, 'notices.jsonl'),
      (async function* () {
        yield '{"n":1}';
      })(),
      0o600,
      false,
    );
    check2();
    expect(n).toBe(1);
    expect(mode(join(d, 'notices.jsonl'))).toBe(0o600);
  });
});
