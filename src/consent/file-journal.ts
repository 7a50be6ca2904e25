// The fsync'd append-only journal behind the file revocation store and use counter
// (docs/consent.md, "Stores"): one line per record, loaded once, a torn last line dropped.
import type * as NodeFs from 'node:fs';
import { fsReason, openPrivateAppendAsync } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';

function nodeFs(): typeof NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as typeof NodeFs | undefined;
  if (!fs) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'File stores need Node.js 20.16 or later; use a memory or database store here.',
      { details: { maybeApplied: false } },
    );
  }
  return fs;
}

// `op id` lines; a use counted for a redemption id is `u key redemptionId`.
const LINE = /^([ru]) ([A-Za-z0-9_.:/-]{1,200})(?: ([A-Za-z0-9_.:/-]{1,200}))?$/;

/** An fsync'd append-only journal of `op id [id]` lines, loaded once, written one line at a time. */
export class Journal {
  private fh: NodeFs.promises.FileHandle | undefined;
  private opening: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly op: 'r' | 'u',
    private readonly onLine: (id: string, second: string | undefined) => void,
    /** Forgets everything loaded; the next call reads the file again. */
    private readonly reset: () => void,
  ) {}

  private async open(): Promise<void> {
    const fs = nodeFs();
    let text = '';
    try {
      text = await fs.promises.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') {
        throw new PiiError(
          'STORE_UNAVAILABLE',
          'Cannot read the consent store file; check its path and permissions.',
          { cause: e, details: { maybeApplied: false } },
        );
      }
    }
    const end = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      const m = LINE.exec(line);
      if (!m || m[1] !== this.op || (this.op === 'r' && m[3] !== undefined)) {
        throw new PiiError(
          'STORE_CORRUPT',
          'The consent store file has an unreadable line; restore it from a backup.',
        );
      }
      this.onLine(m[2]!, m[3]);
    }
    try {
      // Created 0600 when missing (its directory entry fsync'd); never opened through a link.
      this.fh = (await openPrivateAppendAsync(this.path)).handle as NodeFs.promises.FileHandle;
      if (end < Buffer.byteLength(text)) {
        // A torn last line from an interrupted write: drop it so the next line starts clean.
        await this.fh.truncate(Buffer.byteLength(text.slice(0, end)));
        await this.fh.sync();
      }
    } catch (e) {
      throw new PiiError(
        'STORE_UNAVAILABLE',
        `Cannot open the consent store file ${this.path} for writing: ${fsReason(e)}.`,
        {
          cause: e,
          details: { maybeApplied: false },
        },
      );
    }
  }

  /** Runs `fn` alone (after loading), so a read-then-append is atomic within the process. */
  run<T>(fn: (append: (id: string, second?: string) => Promise<void>) => T | Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      if (!this.fh) {
        this.opening ??= this.open();
        await this.opening;
      }
      return fn(async (id, second) => {
        try {
          await this.fh!.write(`${this.op} ${id}${second === undefined ? '' : ` ${second}`}\n`);
          await this.fh!.datasync();
        } catch (e) {
          // The line may have reached the file (a failed sync). Reload the file before the next
          // call, so a retry sees what is really there instead of counting twice.
          await this.fh?.close().catch(() => undefined);
          this.fh = undefined;
          this.opening = undefined;
          this.reset();
          throw new PiiError(
            'STORE_UNAVAILABLE',
            'Writing the consent store file failed; it may have been written. Retry with the same redemption id, or re-read before retrying.',
            { cause: e, details: { maybeApplied: true } },
          );
        }
      });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.fh?.close();
    this.fh = undefined;
    this.opening = undefined;
  }
}
