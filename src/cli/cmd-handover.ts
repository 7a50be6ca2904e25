// `courier-pii handover`: a company handover (PIPL Art. 22) on a file key store, from the
// seller's keys to the buyer's, with the buyer-side verification and countersignature.
import { join, resolve } from 'node:path';
import { fileKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import {
  countersignManifest,
  type HandoverManifest,
  type HandoverPartyInfo,
  handover,
  handoverNotices,
  verifyHandover,
  verifyManifest,
} from '../lifecycle/index.js';
import { fileProgressStore, memoryProgressStore } from '../stores/index.js';
import { type Command, freshOutput, noPositionals, out, readJson, str, usage } from './command.js';
import { writeFileAtomic, writeLinesAtomic } from './files.js';
import { appendableFile, outputDir, updatableFile } from './paths.js';
import { kekOfDir, keyringOf, signingOfDir } from './keys.js';
import { progressBar } from './progress.js';
import { openAuditFile } from './audit-file.js';

function party(path: string, role: string): HandoverPartyInfo {
  const doc = readJson(path, `The ${role} file`) as Partial<HandoverPartyInfo> | null;
  for (const k of ['id', 'name', 'contact'] as const) {
    if (typeof doc?.[k] !== 'string' || doc[k].length === 0) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        `The ${role} file ${path} must be JSON {"id","name","contact"}; "${k}" is missing.`,
      );
    }
  }
  return { id: doc!.id!, name: doc!.name!, contact: doc!.contact! };
}

/** The counts of a manifest in words: people and records' own keys apart, never one for the other. */
export function countsSummary(m: HandoverManifest, verified?: number): string {
  const p = m.subjects;
  const r = m.records ?? { active: 0, erased: 0, excluded: 0 };
  const people = [`${p.active} moved`, `${p.erased} erased before the handover`];
  if (p.excluded)
    people.push(
      `${p.excluded.erased} excluded and erased`,
      `${p.excluded.kept} excluded and kept by the seller`,
    );
  if (p.sellerCopiesDestroyed !== undefined)
    people.push(`${p.sellerCopiesDestroyed} seller copies destroyed`);
  const records = [`${r.active} moved`, `${r.erased} erased`, `${r.excluded} excluded`];
  const lines = [`people (data subjects): ${people.join(', ')}`, `records' own keys: ${records.join(', ')}`];
  if (m.scope)
    lines.push(
      `out of scope (left with the seller): ${m.scope.outOfScope.people} people, ${m.scope.outOfScope.records} record keys`,
    );
  lines.push(
    `live keys: ${p.active + r.active}${verified === undefined ? '' : `, ${verified} opened by the buyer`}`,
  );
  return lines.join('\n');
}

export const handoverCommand: Command = {
  name: 'handover',
  summary: "hand the data over to a buyer's KEK, verify as the buyer, write manifest and notices",
  options: {
    store: { type: 'string', short: 's' },
    'from-keys': { type: 'string' },
    'to-keys': { type: 'string' },
    seller: { type: 'string' },
    buyer: { type: 'string' },
    purposes: { type: 'string', short: 'p' },
    out: { type: 'string', short: 'o' },
    id: { type: 'string' },
    'progress-store': { type: 'string' },
    audit: { type: 'string', short: 'a' },
    force: { type: 'boolean', default: false },
  },
  required: ['store', 'from-keys', 'to-keys', 'seller', 'buyer', 'purposes', 'out'],
  help: [
    'Usage: courier-pii handover --store <file> --from-keys <dir> --to-keys <dir> --seller <json>',
    '         --buyer <json> --purposes <list> --out <dir> [--id <id>] [--progress-store <file>]',
    '         [--audit <file>] [--force]',
    '',
    "Rewraps every subject DEK in the file key store from the seller's KEK (<from-keys>/kek.json)",
    "to the buyer's (<to-keys>/kek.json), in place, without decrypting any field. The seller signs",
    'the manifest with <from-keys>/signing.json. Then, as the buyer, it unwraps every DEK with the',
    "buyer's KEK and, when all open, countersigns with <to-keys>/signing.json. Both key folders",
    'come from `courier-pii keygen` (give the two KEKs different ids). Resumable: run it again with',
    'the same arguments; with --progress-store the signed manifest is kept across runs too.',
    'Writes into <out>: manifest.json (seller-signed, countersigned when verified) and',
    'notices.jsonl (one notice per person, never per record key, naming the buyer, as PIPL Art. 22',
    "requires). It prints the counts: people moved, erased and excluded apart from records' own keys.",
    'Stop the services that write to the store first (one writer per file).',
    'Exit code 0 when the buyer verified every key, 1 otherwise, 2 on bad usage.',
    '',
    'Options:',
    '  -s, --store <file>            the file key store (required; it must exist)',
    "      --from-keys <dir>         the seller's key folder: kek.json, signing.json (required)",
    "      --to-keys <dir>           the buyer's key folder: kek.json, signing.json (required)",
    '      --seller <file>           JSON {"id","name","contact"} of the seller (required)',
    '      --buyer <file>            JSON {"id","name","contact"} of the buyer (required)',
    '  -p, --purposes <list>         comma-separated purposes in force, frozen in the manifest (required)',
    '  -o, --out <dir>               where manifest.json and notices.jsonl go (required)',
    '      --id <id>                 handover id (default handover-<buyer id>)',
    '      --progress-store <file>   file progress store for checkpoints (default in memory)',
    '  -a, --audit <file>            audit log (JSON Lines) to append handover.* events to',
    '      --force                   replace manifest.json and notices.jsonl if they exist',
  ].join('\n'),
  async run(values, positionals) {
    noPositionals(positionals);
    const purposes = str(values, 'purposes')!
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    if (purposes.length === 0) throw usage('--purposes must name at least one purpose.');
    const force = values.force === true;
    const outDir = resolve(str(values, 'out')!);
    const manifestPath = join(outDir, 'manifest.json');
    const noticesPath = join(outDir, 'notices.jsonl');
    const seller = party(resolve(str(values, 'seller')!), 'seller');
    const buyer = party(resolve(str(values, 'buyer')!), 'buyer');
    const fromDir = resolve(str(values, 'from-keys')!);
    const toDir = resolve(str(values, 'to-keys')!);
    const sellerKek = kekOfDir(fromDir);
    const sellerSigning = signingOfDir(fromDir);
    const buyerKek = kekOfDir(toDir);
    const buyerSigning = signingOfDir(toDir);
    keyringOf([buyerKek, sellerKek]); // distinct ids, with a clear message
    const storePath = updatableFile(resolve(str(values, 'store')!), 'Key store');
    const id = str(values, 'id', false) ?? `handover-${buyer.id}`;
    const progressPath = str(values, 'progress-store', false);
    if (progressPath) appendableFile(resolve(progressPath), 'Progress file');
    // The output folder is made and checked before any key moves, so the manifest always lands.
    outputDir(outDir, 'Output folder');
    freshOutput(manifestPath, force);
    freshOutput(noticesPath, force);
    const progress = progressPath ? fileProgressStore(resolve(progressPath)) : memoryProgressStore();
    const audit = await openAuditFile(str(values, 'audit', false));
    const keyStore = fileKeyStore(storePath);
    try {
      let total = 0;
      for await (const _ of keyStore.list()) total++;
      const sellerRing = keyringOf([sellerKek]);
      const buyerRing = keyringOf([buyerKek]);
      const bar = progressBar('handing over');
      const { manifest, rewrapped, runs } = await handover({
        id,
        from: { keyring: sellerRing, keyStore },
        to: buyerRing,
        seller: { ...seller, signingKey: sellerSigning },
        buyer,
        purposes,
        progress,
        progressEvery: Math.max(1, Math.min(1000, Math.ceil(total / 50))),
        onProgress: (p) => bar.update(p.done, total),
        ...(audit ? { audit } : {}),
      });
      bar.finish(`${rewrapped} rewrapped, run ${runs}`);
      const check = progressBar('verifying as buyer');
      const verification = await verifyHandover({ keyStore, keyring: buyerRing, manifest });
      check.finish(`${verification.verified} keys open`);
      if (!verification.ok) {
        writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, 0o644, force);
        out(
          `FAILED: buyer verification: ${verification.verified} keys open, ${verification.failed} do not, ` +
            `${verification.sellerWrapped} still under a seller KEK, manifest counts ${manifest.subjects.active + (manifest.records?.active ?? 0)} live keys. ` +
            `The seller-signed manifest is in ${manifestPath}; do not countersign. Fix and run again.`,
        );
        out(countsSummary(manifest, verification.verified));
        return 1;
      }
      const signed = countersignManifest(manifest, {
        signingKey: buyerSigning,
        sellerPublicKey: sellerSigning.publicKey,
        verification,
      });
      const sigs = verifyManifest(signed, {
        sellerPublicKey: sellerSigning.publicKey,
        buyerPublicKey: buyerSigning.publicKey,
      });
      if (!sigs.seller || !sigs.buyer) {
        throw new PiiError('HANDOVER_INVALID', 'The manifest signatures do not verify; do not accept it.');
      }
      writeFileAtomic(manifestPath, `${JSON.stringify(signed, null, 2)}\n`, 0o644, force);
      const notices = await writeLinesAtomic(
        noticesPath,
        (async function* () {
          for await (const n of handoverNotices(signed, keyStore)) yield JSON.stringify(n);
        })(),
        0o600,
        force,
      );
      out(
        `OK: handover ${id}: ${signed.subjects.active} people and ${signed.records?.active ?? 0} record keys now under KEK ${buyerKek.id} ` +
          `(${rewrapped} rewrapped by this run), verified by the buyer and countersigned.`,
      );
      out(countsSummary(signed, verification.verified));
      out(`wrote ${manifestPath} and ${noticesPath} (${notices} notices to send)`);
      out(`Purposes frozen: ${signed.purposes.join(', ')}; any other purpose needs fresh consent.`);
      return 0;
    } finally {
      await keyStore.close();
      await progress.close();
      await audit?.close();
    }
  },
};
