// `courier-pii reencrypt`: moves the data of a file key store from the default suite to the GM
// suite (reencryptToGm), resumable through a progress file.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createVault,
  type FileBlobSourceOptions,
  fileBlobSource,
  fileKeyStore,
  type ReencryptCheckpoint,
  type ReencryptSource,
  reencryptToGm,
} from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type Command, noPositionals, out, str } from './command.js';
import { readKeyFile, writeFileAtomic } from './files.js';
import { kekOfDir, keyringOf } from './keys.js';
import { loadModule } from './load-module.js';
import { inputDir, updatableFile } from './paths.js';
import { progressBar } from './progress.js';

function fileProgress(path: string) {
  return {
    async load(): Promise<ReencryptCheckpoint | undefined> {
      if (!existsSync(path)) return undefined;
      const v = JSON.parse(readFileSync(path, 'utf8')) as ReencryptCheckpoint;
      if (!['records', 'blobs', 'keys', 'done'].includes(v?.phase))
        throw new PiiError(
          'INVALID_ARGUMENT',
          `${path} is not a reencrypt progress file; remove it or give another --progress.`,
        );
      return v;
    },
    async save(c: ReencryptCheckpoint): Promise<void> {
      writeFileAtomic(path, JSON.stringify(c), 0o600, true);
    },
  };
}

export const reencryptCommand: Command = {
  name: 'reencrypt',
  summary: "move a file key store's data to the GM suite (SM4/SM3), resumable",
  options: {
    keys: { type: 'string', short: 'k' },
    store: { type: 'string', short: 's' },
    module: { type: 'string', short: 'm' },
    progress: { type: 'string', short: 'p' },
    blobs: { type: 'string', short: 'b' },
  },
  required: ['keys', 'store', 'module', 'progress'],
  help: [
    'Usage: courier-pii reencrypt --keys <dir> --store <file> --module <file> --progress <file> [--blobs <dir>]',
    '',
    'Seals every record the module lists again under the GM suite (SM4-GCM, HMAC-SM3; see',
    'docs/gm.md), writes it back through the module, then drops the old DEK from each key record.',
    'The module exports `reencryptSource`: { list(after), write(item, sealed) } (ReencryptSource in',
    'courier-pii/crypto). With --blobs, every blob file sealed with the default suite is then',
    "streamed into a GM blob and swapped in atomically (a file <recordId> holds blob 'blob' of that",
    'record, a file <recordId>/<name> blob <name>; the module may export blobBindingOf(id) instead).',
    'The checkpoint is saved in the progress file after every record and blob; if the',
    'command stops, run it again with the same files and it continues. Stop the services that',
    'seal with the default suite first. Exit code 0 when done, 1 on a key or data problem, 2 on bad usage.',
    '',
    'Options:',
    '  -k, --keys <dir>        folder holding kek.json and index.json (required)',
    '  -s, --store <file>      the file key store (required; it must exist)',
    '  -m, --module <file>     module exporting reencryptSource (required)',
    '  -p, --progress <file>   progress file, created on the first run (required)',
    '  -b, --blobs <dir>       folder of sealed blobs to move as well (resume with the same one)',
  ].join('\n'),
  async run(values, positionals) {
    noPositionals(positionals);
    const keysDir = resolve(str(values, 'keys')!);
    const storePath = updatableFile(resolve(str(values, 'store')!), 'Key store');
    const mod = await loadModule(str(values, 'module')!);
    const source = (mod.reencryptSource ??
      (mod.default as Record<string, unknown> | undefined)?.reencryptSource) as ReencryptSource | undefined;
    if (typeof source?.list !== 'function' || typeof source?.write !== 'function')
      throw new PiiError(
        'INVALID_ARGUMENT',
        'The module must export reencryptSource with list(after) and write(item, sealed) functions.',
      );
    const blobsDir = str(values, 'blobs', false);
    const bindingOf = (mod.blobBindingOf ??
      (mod.default as Record<string, unknown> | undefined)?.blobBindingOf) as
      | FileBlobSourceOptions['bindingOf']
      | undefined;
    if (bindingOf !== undefined && typeof bindingOf !== 'function')
      throw new PiiError(
        'INVALID_ARGUMENT',
        'The module export blobBindingOf must be a function (id) => { recordId, name }.',
      );
    const blobs =
      blobsDir === undefined
        ? undefined
        : fileBlobSource(inputDir(resolve(blobsDir), 'Blob folder'), bindingOf ? { bindingOf } : undefined);
    const keyring = keyringOf([kekOfDir(keysDir)]);
    const indexKey = readKeyFile(resolve(keysDir, 'index.json'), 'index').key;
    const keyStore = fileKeyStore(storePath);
    try {
      const vault = createVault({ keyring, keyStore, indexKey, suite: 'gm', audit: 'none' });
      const bar = progressBar('reencrypting');
      const r = await reencryptToGm({
        vault,
        keyStore,
        source,
        progress: fileProgress(resolve(str(values, 'progress')!)),
        ...(blobs ? { blobs } : {}),
        onProgress: (p) => bar.update(p.done),
      });
      bar.finish(`${r.resealed} records sealed again`);
      const blobLine = blobs
        ? ` ${r.blobsResealed} blobs sealed again (${r.blobsAlreadyGm} already gm, ${r.blobsErased} of erased subjects left as they are);`
        : '';
      out(
        `OK: ${r.resealed} records sealed again under suite gm (${r.alreadyGm} already gm, ${r.erased} of erased subjects left as they are);${blobLine} ${r.oldKeysDestroyed} old keys destroyed.`,
      );
      if (r.legacyOnly > 0)
        out(
          `Note: ${r.legacyOnly} key records hold only a default-suite key (data the module does not list, or blobs outside --blobs): move that data, then run again with a new progress file.`,
        );
      return 0;
    } finally {
      await keyStore.close();
    }
  },
};
