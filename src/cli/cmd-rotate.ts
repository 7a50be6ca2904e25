// `courier-pii rotate`: rewraps every subject DEK in a file key store under a new KEK.
import { resolve } from 'node:path';
import { createVault, fileKeyStore, generateKey } from '../crypto/index.js';
import { type Command, noPositionals, out, str } from './command.js';
import { kekOfDir, keyringOf, readKek } from './keys.js';
import { updatableFile } from './paths.js';
import { progressBar } from './progress.js';

export const rotateCommand: Command = {
  name: 'rotate',
  summary: 'rewrap every subject key in a file key store under a new KEK (resumable)',
  options: {
    keys: { type: 'string', short: 'k' },
    store: { type: 'string', short: 's' },
    'new-kek': { type: 'string', short: 'n' },
  },
  required: ['keys', 'store', 'new-kek'],
  help: [
    'Usage: courier-pii rotate --keys <dir> --store <file> --new-kek <file>',
    '',
    'Reads the current KEK from <dir>/kek.json and the new one from --new-kek (a kek.json written by',
    '`courier-pii keygen --id <new-id> --kek-only` into another folder; its id must differ), opens the',
    'file key store and rewraps every live subject DEK under the new KEK, one compare-and-set per',
    'record. Field ciphertexts are not touched. If it stops half-way, run it again with the same',
    'files: records already under the new KEK are skipped. Afterwards put the new kek.json in',
    'place of the old one, and keep the old KEK offline while backups of the store that need it',
    'exist. Stop the services that write to the store first (one writer per file).',
    'Exit code 0 when done, 1 on a key or store problem, 2 on bad usage.',
    '',
    'Options:',
    '  -k, --keys <dir>        folder holding the current kek.json (required)',
    '  -s, --store <file>      the file key store (required; it must exist)',
    '  -n, --new-kek <file>    the new kek.json (required)',
  ].join('\n'),
  async run(values, positionals) {
    noPositionals(positionals);
    const current = kekOfDir(resolve(str(values, 'keys')!));
    const next = readKek(resolve(str(values, 'new-kek')!));
    const storePath = updatableFile(resolve(str(values, 'store')!), 'Key store');
    const keyring = keyringOf([current, next]);
    const keyStore = fileKeyStore(storePath);
    try {
      let total = 0;
      for await (const _ of keyStore.list()) total++;
      // The blind-index key plays no part in rotation; the vault only needs one to exist.
      const vault = createVault({ keyring, keyStore, indexKey: generateKey() });
      const bar = progressBar('rotating');
      const { rewrapped } = await vault.rotateKek(next.id, {
        onProgress: (p) => bar.update(p.done, total),
      });
      bar.finish(`${rewrapped} rewrapped`);
      out(
        `OK: ${rewrapped} of ${total} subject keys rewrapped from KEK ${current.id} to ${next.id}` +
          (rewrapped < total ? ` (${total - rewrapped} were already under it or erased)` : ''),
      );
      out(`Next: replace the current kek.json with the file given as --new-kek; keep the old KEK offline.`);
      return 0;
    } finally {
      await keyStore.close();
    }
  },
};
