// Private files: everything the library writes that holds keys, audit entries, consent state,
// progress or backups (docs/threat-model.md, "Local files"). One place for the rules:
// - new files are created 0600 and directories the library creates 0700, whatever the umask;
// - a replacement is written to a temp file with a random name in the same directory, created
//   exclusively (O_CREAT|O_EXCL) without following a symlink (O_NOFOLLOW), fsync'd, renamed over
//   the target, and the directory fsync'd; a symlink planted at any name is never written through;
// - opening an existing file that group or others can read warns, or refuses when asked.
// node:fs is loaded on use (never imported statically) so browser bundles stay free of it.
import { PiiError } from '../errors.js';
import { builtinModule } from './builtin.js';

type Fs = typeof import('node:fs');
type FsHandle = import('node:fs').promises.FileHandle;

/** Mode of files holding keys, audit entries, consent state, progress or backups. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of directories the library creates. */
export const PRIVATE_DIR_MODE = 0o700;

function builtin<T>(id: string): T {
  const m = builtinModule<T>(id);
  if (!m)
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'Local files need Node.js 20.16 or later; use a memory or database store here.',
    );
  return m;
}

/** node:fs, loaded on use. */
export function fsApi(): Fs {
  return builtin<Fs>('node:fs');
}

const isWindows = (): boolean =>
  (globalThis as { process?: { platform?: string } }).process?.platform === 'win32';

/** The directory part of a path ('.' for a bare file name). */
export function dirOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '.';
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

function baseOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}

/** `name` in the directory of `path`. */
function sibling(path: string, name: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? name : `${path.slice(0, cut + 1)}${name}`;
}

/** Why a file-system call failed, in words an operator can act on (never the file's content). */
export function fsReason(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  switch (code) {
    case 'ENOENT':
      return 'it (or a folder above it) does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'it is a symbolic link (refused: the library never writes through one)';
    case 'EEXIST':
      return 'it already exists';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return typeof code === 'string' ? code : 'an unexpected file-system error';
  }
}

function flags(fs: Fs, ...names: Array<'O_WRONLY' | 'O_RDWR' | 'O_APPEND' | 'O_CREAT' | 'O_EXCL'>): number {
  let f = fs.constants.O_NOFOLLOW ?? 0;
  for (const n of names) f |= fs.constants[n];
  return f;
}

/** fsync of a directory, so a new or renamed entry survives a crash (a no-op where unsupported). */
export function fsyncDir(dir: string): void {
  const fs = fsApi();
  let d: number;
  try {
    d = fs.openSync(dir, 'r');
  } catch {
    return; // Windows cannot open directories; the data itself is synced
  }
  try {
    fs.fsyncSync(d);
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  } finally {
    fs.closeSync(d);
  }
}

function randomSuffix(): string {
  const crypto = builtin<typeof import('node:crypto')>('node:crypto');
  return crypto.randomBytes(12).toString('hex');
}

/** Options of {@link atomicWriter}. @internal */
export interface AtomicOptions {
  /** File mode (default 0600). */
  mode?: number;
  /** Temp-name suffixes, for tests that plant a file at the next name (default random). */
  suffix?: () => string;
}

/** A file being written beside its target; {@link AtomicWriter.commit} makes it the target. */
export interface AtomicWriter {
  /** The temp file's path. */
  readonly tempPath: string;
  /** Appends text or bytes to the temp file. */
  write(data: string | Uint8Array): void;
  /**
   * fsync, close, then rename over `path` (or, with `overwrite: false`, link it in place so an
   * existing file is never replaced: EEXIST), and fsync the directory.
   */
  commit(overwrite?: boolean): void;
  /** Closes and removes the temp file (idempotent). */
  abort(): void;
}

/** The temp-name pattern of {@link atomicWriter}, for clearing leftovers after a crash. */
export function isTempOf(target: string, name: string): boolean {
  const base = baseOf(target);
  return name.startsWith(`.${base}.`) && /^\.[^/\\]*\.[0-9a-f]{24}\.tmp$/.test(name);
}

/**
 * Starts an atomic replacement of `path`: a temp file `.<name>.<random>.tmp` in the same
 * directory, created exclusively, never through a symlink, with a private mode.
 */
export function atomicWriter(path: string, options: AtomicOptions = {}): AtomicWriter {
  const fs = fsApi();
  const mode = options.mode ?? PRIVATE_FILE_MODE;
  const dir = dirOf(path);
  const next = options.suffix ?? randomSuffix;
  let fd = -1;
  let tempPath = '';
  // A name someone else created first (EEXIST) is skipped: never opened, never written.
  for (let attempt = 0; fd < 0; attempt++) {
    tempPath = sibling(path, `.${baseOf(path)}.${next()}.tmp`);
    try {
      fd = fs.openSync(tempPath, flags(fs, 'O_WRONLY', 'O_CREAT', 'O_EXCL'), mode);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST' || attempt >= 8) throw e;
    }
  }
  if (!isWindows()) fs.fchmodSync(fd, mode); // exact mode whatever the umask
  let done = false;
  const close = (): void => {
    if (fd >= 0) {
      const f = fd;
      fd = -1;
      fs.closeSync(f);
    }
  };
  const writer: AtomicWriter = {
    tempPath,
    write(data) {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    },
    commit(overwrite = true) {
      try {
        fs.fsyncSync(fd);
        close();
        if (overwrite) fs.renameSync(tempPath, path);
        else {
          fs.linkSync(tempPath, path); // fails with EEXIST instead of replacing
          fs.unlinkSync(tempPath);
        }
        done = true;
      } catch (e) {
        writer.abort();
        throw e;
      }
      fsyncDir(dir);
    },
    abort() {
      try {
        close();
      } catch {
        // already closed
      }
      if (!done) {
        done = true;
        try {
          fs.unlinkSync(tempPath);
        } catch {
          // already gone
        }
      }
    },
  };
  return writer;
}

/** Writes `data` to `path` atomically with a private mode (see {@link atomicWriter}). */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicOptions & { overwrite?: boolean } = {},
): void {
  const w = atomicWriter(path, options);
  try {
    w.write(data);
  } catch (e) {
    w.abort();
    throw e;
  }
  w.commit(options.overwrite ?? true);
}

/** Removes temp files an interrupted {@link atomicWriter} left beside `path` (never follows links). */
export function clearStaleTemps(path: string): void {
  const fs = fsApi();
  let names: string[];
  try {
    names = fs.readdirSync(dirOf(path));
  } catch {
    return;
  }
  for (const n of names) {
    if (!isTempOf(path, n)) continue;
    try {
      fs.unlinkSync(sibling(path, n));
    } catch {
      // another process may have removed it
    }
  }
}

/**
 * Opens `path` for appending (and reading with `read`), creating it 0600 when missing, never
 * through a symlink. Returns the descriptor and whether it was created (then its directory
 * entry is fsync'd).
 */
export function openPrivateAppend(path: string, read = false): { fd: number; created: boolean } {
  const fs = fsApi();
  const rw = read ? 'O_RDWR' : 'O_WRONLY';
  try {
    const fd = fs.openSync(path, flags(fs, rw, 'O_APPEND', 'O_CREAT', 'O_EXCL'), PRIVATE_FILE_MODE);
    if (!isWindows()) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
    fsyncDir(dirOf(path));
    return { fd, created: true };
  } catch (e) {
    if ((e as { code?: string }).code !== 'EEXIST') throw e;
  }
  return { fd: fs.openSync(path, flags(fs, rw, 'O_APPEND')), created: false };
}

/** As {@link openPrivateAppend}, as a promise FileHandle. */
export async function openPrivateAppendAsync(
  path: string,
  read = false,
): Promise<{ handle: FsHandle; created: boolean }> {
  const fs = fsApi();
  const rw = read ? 'O_RDWR' : 'O_WRONLY';
  try {
    const handle = await fs.promises.open(
      path,
      flags(fs, rw, 'O_APPEND', 'O_CREAT', 'O_EXCL'),
      PRIVATE_FILE_MODE,
    );
    if (!isWindows()) await handle.chmod(PRIVATE_FILE_MODE);
    fsyncDir(dirOf(path));
    return { handle, created: true };
  } catch (e) {
    if ((e as { code?: string }).code !== 'EEXIST') throw e;
  }
  return { handle: await fs.promises.open(path, flags(fs, rw, 'O_APPEND')), created: false };
}

/** Creates `path` empty with a private mode when it does not exist (never through a symlink). */
export function ensurePrivateFile(path: string): boolean {
  const fs = fsApi();
  let fd: number;
  try {
    fd = fs.openSync(path, flags(fs, 'O_WRONLY', 'O_CREAT', 'O_EXCL'), PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return false;
    throw e;
  }
  try {
    if (!isWindows()) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(dirOf(path));
  return true;
}

/**
 * Creates directory `path` and any missing parents, each 0700; an existing directory is left as
 * it is. One mkdir per missing component, so it always ends (unlike a recursive mkdir that can
 * spin on file systems that answer ENOENT for a folder they will not create, such as /proc).
 * @returns the directories it created, outermost first
 */
export function ensurePrivateDir(path: string): string[] {
  const fs = fsApi();
  const missing: string[] = [];
  let p = path.replace(/[\\/]+$/, '') || path;
  // Walk up to the first existing ancestor; each step shortens the path, so this ends.
  for (;;) {
    let st: import('node:fs').Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw e;
    }
    if (st) {
      if (!st.isDirectory()) {
        const err = new Error(`not a directory: ${p}`) as Error & { code: string; path: string };
        err.code = 'ENOTDIR';
        err.path = p;
        throw err;
      }
      break;
    }
    missing.push(p);
    const up = dirOf(p);
    if (up === p || up.length >= p.length) break;
    p = up;
  }
  const created: string[] = [];
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d, PRIVATE_DIR_MODE);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      continue; // made by someone else meanwhile: not ours to change
    }
    if (!isWindows()) fs.chmodSync(d, PRIVATE_DIR_MODE);
    created.push(d);
  }
  return created;
}

/** What to do when a private file is readable by group or others. */
export type InsecureModeAction = 'warn' | 'refuse' | 'ignore';

/**
 * Checks that an existing private file is not readable or writable by group or others.
 * @returns the problem in words, or undefined when the mode is private (or the platform has no modes)
 */
export function insecureMode(path: string): string | undefined {
  if (isWindows()) return undefined;
  let mode: number;
  try {
    mode = fsApi().statSync(path).mode;
  } catch {
    return undefined; // missing: it will be created private
  }
  if ((mode & 0o077) === 0) return undefined;
  return `${path} has mode ${(mode & 0o777).toString(8).padStart(4, '0')}: group or others can access it; run \`chmod 600 ${path}\``;
}

/** Warns (process warning COURIER_PII_FILE_MODE) or throws when `path` is not private. */
export function checkPrivateMode(path: string, action: InsecureModeAction, what: string): void {
  if (action === 'ignore') return;
  const problem = insecureMode(path);
  if (!problem) return;
  if (action === 'refuse')
    throw new PiiError('STORE_UNAVAILABLE', `${what} refused: ${problem}, then open it again.`);
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: object) => void } }).process;
  proc?.emitWarning?.(`${what}: ${problem}.`, { code: 'COURIER_PII_FILE_MODE' });
}
