// A ReencryptBlobSource over a folder of sealed blob files (docs/gm.md, "Moving existing data").
// A replacement is written beside the blob (temp file, fsync, rename, fsync of the folder;
// _internal/private-files.ts), so a kill at any point leaves either the old blob or the new one,
// never a half-written file; leftover temp files are dot files, which the listing skips.
// node:fs is loaded on use, so browser bundles stay free of it.
import { assertNonEmptyString } from '../_internal/assert.js';
import { checkOptions } from '../_internal/options.js';
import { atomicWriter, clearStaleTemps, fsApi, fsReason } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { FILE_BLOB_SOURCE_OPTIONS } from './option-names.js';
import type { ReencryptBlob, ReencryptBlobSource } from './reencrypt-blobs.js';

/** Options of {@link fileBlobSource}. */
export interface FileBlobSourceOptions {
  /**
   * The record id and blob name a file was sealed with, from its id (its path under the folder,
   * `/`-separated). Default: `<recordId>/<name>` for a file in a subfolder, and `<recordId>` (name
   * `'blob'`) for a file directly in the folder.
   */
  bindingOf?: (id: string) => { recordId: string; name?: string };
}

function defaultBinding(id: string): { recordId: string; name?: string } {
  const cut = id.indexOf('/');
  return cut < 0 ? { recordId: id } : { recordId: id.slice(0, cut), name: id.slice(cut + 1) };
}

function unavailable(what: string, e: unknown): PiiError {
  return new PiiError('STORE_UNAVAILABLE', `Could not ${what} in the blob folder (${fsReason(e)}).`, {
    cause: e,
  });
}

/**
 * A blob source for {@link reencryptToGm} over a folder of files, each one blob sealed with
 * `sealStream`, in the folder or one subfolder deep. Files and folders whose name starts with a
 * dot are skipped. Each replacement is atomic: the old file stays readable until the new one is
 * complete and flushed to disk.
 *
 * @param dir - the folder holding the blobs
 * @param options - how a file's id maps to its record id and name
 * @returns a source to pass as `blobs` to {@link reencryptToGm}
 * @throws PiiError INVALID_ARGUMENT for an empty folder path, an unknown option or a binding that gives no record id
 * @throws PiiError STORE_UNAVAILABLE (when listing, reading or replacing) when the folder or a file cannot be used
 * @example
 * ```ts
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fileBlobSource } from 'courier-pii/crypto';
 * const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
 * const blobs = fileBlobSource(dir);
 * let n = 0;
 * for await (const _ of blobs.list(undefined)) n++;
 * rmSync(dir, { recursive: true });
 * console.log(n); // 0
 * ```
 */
export function fileBlobSource(dir: string, options?: FileBlobSourceOptions): ReencryptBlobSource {
  assertNonEmptyString('dir', dir);
  checkOptions('fileBlobSource', options, FILE_BLOB_SOURCE_OPTIONS);
  const bindingOf = options?.bindingOf ?? defaultBinding;
  if (typeof bindingOf !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'fileBlobSource: bindingOf must be a function.');
  const pathOf = (id: string): string => `${dir}/${id}`;

  const ids = (): string[] => {
    const fs = fsApi();
    const out: string[] = [];
    try {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.')) continue;
        if (e.isFile()) out.push(e.name);
        else if (e.isDirectory())
          for (const f of fs.readdirSync(pathOf(e.name), { withFileTypes: true }))
            if (!f.name.startsWith('.') && f.isFile()) out.push(`${e.name}/${f.name}`);
      }
    } catch (e) {
      throw unavailable('list the files', e);
    }
    return out.sort();
  };

  return {
    async *list(after) {
      for (const id of ids()) {
        if (after !== undefined && id <= after) continue;
        const b = bindingOf(id);
        if (typeof b?.recordId !== 'string' || b.recordId === '')
          throw new PiiError(
            'INVALID_ARGUMENT',
            'fileBlobSource: bindingOf must return a non-empty recordId.',
            {
              details: { blob: id },
            },
          );
        yield { id, recordId: b.recordId, ...(b.name !== undefined ? { name: b.name } : {}) };
      }
    },

    async *read(blob: ReencryptBlob) {
      try {
        for await (const c of fsApi().createReadStream(pathOf(blob.id))) yield c as Uint8Array;
      } catch (e) {
        throw e instanceof PiiError ? e : unavailable('read a file', e);
      }
    },

    async replace(blob, sealed) {
      const fs = fsApi();
      const path = pathOf(blob.id);
      let mode: number;
      try {
        mode = fs.statSync(path).mode & 0o777;
        clearStaleTemps(path);
      } catch (e) {
        throw unavailable('read a file', e);
      }
      const w = atomicWriter(path, { mode });
      try {
        for await (const c of sealed) w.write(c);
      } catch (e) {
        w.abort();
        throw e;
      }
      try {
        w.commit();
      } catch (e) {
        throw unavailable('replace a file', e);
      }
    },
  };
}
