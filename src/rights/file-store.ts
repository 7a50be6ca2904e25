// The rights-request store in a local file: an fsync'd JSON-lines journal with one line per
// version of a request. Opening folds the journal (each id's versions must follow one another);
// a torn last line from an interrupted write is dropped, any other unreadable line is reported.
// Compare-and-set runs inside one queue, so two transitions of one request cannot both win.
import type * as NodeFs from 'node:fs';
import { fsReason, openPrivateAppendAsync } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { isOverdue } from './memory-store.js';
import { parseRightsRequest } from './request-record.js';
import type { RightsRequest, RightsRequestStore } from './types.js';
import { builtinModule } from '../_internal/builtin.js';

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;

function nodeFs(): typeof NodeFs {
  const fs = builtinModule<typeof NodeFs>('node:fs');
  if (!fs)
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'File stores need Node.js 20.16 or later; use a memory or database store.',
    );
  return fs;
}

function corrupt(): PiiError {
  return new PiiError(
    'STORE_CORRUPT',
    'The rights-request file has an unreadable line; restore it from a backup.',
  );
}

/**
 * A rights-request store in a local file (an fsync'd append-only JSON-lines journal), for one
 * process; several processes need `postgresRightsRequestStore` or `sqliteRightsRequestStore` of
 * `courier-pii/stores`. A write is durable once `put` resolves.
 *
 * @param path - the journal file (created 0600 when missing)
 * @returns the store; call `close()` when done
 * @throws PiiError INVALID_ARGUMENT without a path; from its methods INVALID_ARGUMENT for a
 *   malformed record, STORE_CORRUPT for an unreadable line, STORE_UNAVAILABLE when the file
 *   cannot be read or written
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createFileRightsStore, createRightsDesk } from 'courier-pii/rights';
 * const store = createFileRightsStore(join(mkdtempSync(join(tmpdir(), 'rights-')), 'rights.jsonl'));
 * const desk = createRightsDesk({ audit: createAuditLog({ sink: memorySink() }), store });
 * await desk.file({ kind: 'complaint', subjectId: 'cust-1' });
 * console.log((await store.list()).length); // 1
 * await store.close?.();
 * ```
 */
export function createFileRightsStore(path: string): RightsRequestStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'path must be a file path.');
  const rows = new Map<string, RightsRequest>();
  let fh: NodeFs.promises.FileHandle | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function open(): Promise<void> {
    const fs = nodeFs();
    let text = '';
    try {
      text = await fs.promises.readFile(path, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT')
        throw new PiiError(
          'STORE_UNAVAILABLE',
          'Cannot read the rights-request file; check its path and permissions.',
          {
            cause: e,
          },
        );
    }
    const end = text.lastIndexOf('\n') + 1;
    rows.clear();
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      let r: RightsRequest;
      try {
        r = parseRightsRequest(JSON.parse(line));
      } catch {
        throw corrupt();
      }
      if ((rows.get(r.id)?.revision ?? 0) !== r.revision - 1) throw corrupt();
      rows.set(r.id, r);
    }
    try {
      fh = (await openPrivateAppendAsync(path)).handle as NodeFs.promises.FileHandle;
      if (end < Buffer.byteLength(text)) {
        // A torn last line from an interrupted write: drop it so the next line starts clean.
        await fh.truncate(Buffer.byteLength(text.slice(0, end)));
        await fh.sync();
      }
    } catch (e) {
      throw new PiiError(
        'STORE_UNAVAILABLE',
        `Cannot open the rights-request file for writing: ${fsReason(e)}.`,
        {
          cause: e,
        },
      );
    }
  }

  function run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = queue.then(async () => {
      if (!fh) await open();
      return fn();
    });
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    async put(request) {
      const r = parseRightsRequest(request);
      return run(async () => {
        if ((rows.get(r.id)?.revision ?? 0) !== r.revision - 1) return false;
        try {
          await fh!.write(`${JSON.stringify(r)}\n`);
          await fh!.datasync();
        } catch (err) {
          // The line may be on disk: read the file again before the next call.
          await fh?.close().catch(() => undefined);
          fh = undefined;
          throw new PiiError(
            'STORE_UNAVAILABLE',
            'Writing the rights-request file failed; it may have been written. Read the request before retrying.',
            { cause: err, details: { maybeApplied: true } },
          );
        }
        rows.set(r.id, r);
        return true;
      });
    },
    async get(id) {
      if (typeof id !== 'string' || !ID.test(id))
        throw new PiiError(
          'INVALID_ARGUMENT',
          'request id must be 1-200 characters of A-Z a-z 0-9 _ . : / -.',
        );
      return run(() => {
        const r = rows.get(id);
        return r === undefined ? undefined : structuredClone(r);
      });
    },
    async list(filter) {
      return run(() =>
        [...rows.values()]
          .filter((r) => filter?.subjectId === undefined || r.subjectId === filter.subjectId)
          .filter((r) => filter?.openDueBefore === undefined || isOverdue(r, filter.openDueBefore))
          .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1))
          .map((r) => structuredClone(r)),
      );
    },
    async close() {
      await queue;
      await fh?.close();
      fh = undefined;
    },
  };
}
