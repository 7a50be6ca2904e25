// The fsync'd append-only journal behind every file store of consent state (docs/consent.md,
// "Stores"): the revocation store and use counter (`op id` lines), the grant index and the
// purpose-consent ledger (JSON lines). One line per record, loaded once, a torn last line dropped.
import type * as NodeFs from 'node:fs';
import { fsApi, fsReason, openPrivateAppendAsync } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';

/** node:fs through the one loader of private files, failing as a store does outside Node. */
function storeFs(): typeof NodeFs {
  try {
    return fsApi();
  } catch (e) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'File stores need Node.js 20.16 or later; use a memory or database store here.',
      { cause: e, details: { maybeApplied: false } },
    );
  }
}

/** How one kind of journal reads and writes its lines, and what its messages call it. */
export interface JournalFormat<R> {
  /** The file's name in messages: `the ${name} file`. */
  readonly name: string;
  /** The record of a line; undefined (or a throw) for a line the store cannot read. */
  decode(line: string): R | undefined;
  /** The line of a record, without its newline. */
  encode(record: R): string;
  /** Said after a write that may have reached the file: what to do before retrying. */
  readonly retry: string;
}

// `op id` lines; a use counted for a redemption id is `u key redemptionId`.
const OP_LINE = /^([ru]) ([A-Za-z0-9_.:/-]{1,200})(?: ([A-Za-z0-9_.:/-]{1,200}))?$/;

/** An id, and the redemption id a use was counted for. */
export type OpRecord = readonly [id: string, second?: string];

/** `r id` lines (revocations) or `u key [redemptionId]` lines (uses). */
export function opLines(op: 'r' | 'u'): JournalFormat<OpRecord> {
  return {
    name: 'consent store',
    decode(line) {
      const m = OP_LINE.exec(line);
      if (!m || m[1] !== op || (op === 'r' && m[3] !== undefined)) return undefined;
      return [m[2]!, m[3]];
    },
    encode: ([id, second]) => `${op} ${id}${second === undefined ? '' : ` ${second}`}`,
    retry: ' Retry with the same redemption id, or re-read before retrying.',
  };
}

/** One JSON value a line, checked by `parse` (which throws for a value it refuses). */
export function jsonLines<R>(name: string, parse: (value: unknown) => R, retry = ''): JournalFormat<R> {
  return { name, decode: (line) => parse(JSON.parse(line)), encode: (r) => JSON.stringify(r), retry };
}

/** An fsync'd append-only journal of records, loaded once, written one line at a time. */
export class Journal<R> {
  private fh: NodeFs.promises.FileHandle | undefined;
  private opening: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly format: JournalFormat<R>,
    private readonly onRecord: (record: R) => void,
    /** Forgets everything loaded; the next call reads the file again. */
    private readonly reset: () => void,
  ) {}

  private async open(): Promise<void> {
    const fs = storeFs();
    const name = this.format.name;
    let text = '';
    try {
      text = await fs.promises.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') {
        throw new PiiError(
          'STORE_UNAVAILABLE',
          `Cannot read the ${name} file; check its path and permissions.`,
          {
            cause: e,
            details: { maybeApplied: false },
          },
        );
      }
    }
    const end = text.lastIndexOf('\n') + 1;
    // A load that failed half-way left records behind: start from nothing.
    this.reset();
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      let record: R | undefined;
      try {
        record = this.format.decode(line);
      } catch {
        record = undefined;
      }
      if (record === undefined)
        throw new PiiError(
          'STORE_CORRUPT',
          `The ${name} file has an unreadable line; restore it from a backup.`,
        );
      this.onRecord(record);
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
      throw new PiiError('STORE_UNAVAILABLE', `Cannot open the ${name} file for writing: ${fsReason(e)}.`, {
        cause: e,
        details: { maybeApplied: false },
      });
    }
  }

  /** Runs `fn` alone (after loading), so a read-then-append is atomic within the process. */
  run<T>(fn: (append: (record: R) => Promise<void>) => T | Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      if (!this.fh) {
        this.opening ??= this.open().catch((e: unknown) => {
          // Try again on the next call (the file may be readable then).
          this.opening = undefined;
          throw e;
        });
        await this.opening;
      }
      return fn(async (record) => {
        try {
          await this.fh!.write(`${this.format.encode(record)}\n`);
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
            `Writing the ${this.format.name} file failed; it may have been written.${this.format.retry}`,
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
