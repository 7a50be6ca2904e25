// `courier-pii sweep`: the retention sweep of courier-pii/lifecycle, dry run first.
import { resolve } from 'node:path';
import { createKeyring, createVault, fileKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import {
  type LifecycleRecord,
  type RecordSource,
  type RetentionRule,
  type SweepReport,
  sweep,
} from '../lifecycle/index.js';
import { type Command, freshOutput, noPositionals, out, readJson, str, usage } from './command.js';
import { readKeyFile, writeFileAtomic } from './files.js';
import { kekOfDir, signingOfDir } from './keys.js';
import { loadModule } from './load-module.js';
import { appendableFile, updatableFile } from './paths.js';
import { progressBar } from './progress.js';
import { openAuditFile } from './audit-file.js';

interface RuleRow {
  records: number;
  fields: number;
  keys: number;
}

/**
 * Per rule: records and fields from the report, keys from what was (dry run: would be) shredded.
 * After a real run the keys are those the certificates name as destroyed, so the rows, the
 * totals and the signed certificates tell the same story (a due key that never existed, such
 * as the record key of a parcel without sealed fields, is not counted as destroyed).
 */
function perRule(report: SweepReport): Map<string, RuleRow> {
  const m = new Map<string, RuleRow>();
  const row = (id: string) => {
    let r = m.get(id);
    if (!r) {
      r = { records: 0, fields: 0, keys: 0 };
      m.set(id, r);
    }
    return r;
  };
  for (const d of report.delete) {
    for (const id of d.rules) {
      const r = row(id);
      r.records++;
      r.fields += d.paths.length;
    }
  }
  if (report.dryRun) {
    for (const s of report.shred) for (const id of s.rules) row(id).keys++;
  } else {
    for (const c of report.certificates) {
      const destroyed = new Set(c.keyIdsDestroyed);
      for (const item of c.items) {
        if (item.method === 'crypto-shred' && item.keyId && destroyed.has(item.keyId)) {
          for (const id of item.rules) row(id).keys++;
        }
      }
    }
  }
  return m;
}

function printSummary(report: SweepReport, rulesCount: number, now: Date, certPath?: string): void {
  const dryRun = report.dryRun;
  const verb = dryRun ? 'would be destroyed' : 'destroyed';
  out(
    `${dryRun ? 'DRY RUN, nothing changed' : 'SWEEP DONE'} at ${now.toISOString()}: ${report.scanned} records scanned`,
  );
  const rows = perRule(report);
  if (rows.size === 0) out(`nothing is due under ${rulesCount} rules`);
  for (const [id, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    out(`  rule ${id}: ${r.records} records, ${r.fields} fields and ${r.keys} keys ${verb}`);
  }
  if (rows.size > 1) out('  (a record or key due under several rules is counted under each of them)');
  if (dryRun) {
    out(`  keys to crypto-shred: ${report.shred.length} (those of them that exist in the key store)`);
  } else {
    const n = report.keyIdsDestroyed.length;
    const planned = report.shred.length;
    out(
      `  keys crypto-shredded: ${n}` +
        (n < planned ? ` (${planned} were due; ${planned - n} of them never held a key)` : ''),
    );
  }
  out(
    `  blind-index rows: ${report.indexesToDelete.length}; records under legal hold: ${report.held.length}`,
  );
  if (report.unruled.length > 0) out(`  fields no rule covers (kept): ${report.unruled.join(', ')}`);
  if (report.pending.length > 0) {
    out(`  NOT deleted, the source has no destroy(): ${report.pending.length} records`);
  }
  if (!dryRun) {
    const keys = report.certificates.reduce((k, c) => k + c.keyIdsDestroyed.length, 0);
    out(
      `  ${report.certificates.length} signed certificates (naming the same ${keys} keys) written to ${certPath}`,
    );
  }
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'retention sweep: show (--dry-run) or destroy what the retention rules say is due',
  options: {
    'dry-run': { type: 'boolean', default: false },
    rules: { type: 'string', short: 'r' },
    source: { type: 'string' },
    now: { type: 'string' },
    keys: { type: 'string', short: 'k' },
    store: { type: 'string', short: 's' },
    certificates: { type: 'string' },
    audit: { type: 'string', short: 'a' },
    json: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  },
  required: ['rules', 'source'],
  help: [
    'Usage: courier-pii sweep --dry-run --rules <file> --source <module> [--now <time>] [--json]',
    '       courier-pii sweep --rules <file> --source <module> --keys <dir> --store <file>',
    '         --certificates <file> --audit <file> [--now <time>] [--json] [--force]',
    '',
    'Evaluates retention rules (a JSON array of rules as courier-pii/lifecycle defines them:',
    'id, label, basis, match, keep, from) over your records. <module> exports `source` (or a',
    'default export): a RecordSource whose records() yields every record, and, to delete, a',
    'destroy(action) that removes fields and blind-index rows from your database.',
    'With --dry-run nothing is changed: it prints, per rule, how many records, fields and keys',
    'would be destroyed. Without --dry-run it DESTROYS DATA: keys whose data is all due are',
    'crypto-shredded in the key store (irreversible), the rest is passed to destroy(), and',
    'signed destruction certificates (<keys>/signing.json) are written to --certificates. Every',
    'destroyed key is recorded in --audit first (key.destroyed), so a restore cannot bring it back.',
    'Stop the services that write to the key store first (one writer per file).',
    'Always run --dry-run first. Exit code 0 when done; 1 on failure, or when deletions are due but',
    'the source has no destroy(); 2 on bad usage.',
    '',
    'Options:',
    '      --dry-run               report what is due; change nothing',
    '  -r, --rules <file>          JSON array of retention rules (required)',
    '      --source <module>       module exporting the RecordSource (required; .js/.mjs)',
    '      --now <time>            evaluate at this ISO 8601 time (default now)',
    '  -k, --keys <dir>            key folder: kek.json, index.json, signing.json (to destroy)',
    '  -s, --store <file>          the file key store (to destroy; it must exist)',
    '      --certificates <file>   where the signed certificates go (to destroy)',
    '  -a, --audit <file>          audit log (JSON Lines) recording each destroyed key (to destroy)',
    '      --json                  print the full report as JSON',
    '      --force                 replace the --certificates file if it exists',
  ].join('\n'),
  async run(values, positionals) {
    noPositionals(positionals);
    const dryRun = values['dry-run'] === true;
    const rulesPath = resolve(str(values, 'rules')!);
    const nowText = str(values, 'now', false);
    const now = nowText ? new Date(nowText) : new Date();
    if (Number.isNaN(now.getTime())) throw usage('--now must be an ISO 8601 time such as 2026-12-01.');
    let keysDir: string | undefined;
    let storePath: string | undefined;
    let certPath: string | undefined;
    if (!dryRun) {
      keysDir = resolve(str(values, 'keys')!);
      storePath = updatableFile(resolve(str(values, 'store')!), 'Key store');
      certPath = resolve(str(values, 'certificates')!);
      // Checked before any key is destroyed, so the certificates always have somewhere to go.
      freshOutput(certPath, values.force === true, 'Certificates file');
      // The erasure ledger: without it a restore from an older backup could undo the sweep.
      const auditPath = str(values, 'audit', false);
      if (!auditPath)
        throw usage(
          '--audit is required to destroy: it records every destroyed key, so a restore cannot bring one back.',
        );
      appendableFile(resolve(auditPath), 'Audit log');
    }
    const rules = readJson(rulesPath, 'Rules file');
    if (!Array.isArray(rules)) {
      throw new PiiError(
        'RETENTION_INVALID',
        `Rules file ${rulesPath} must hold a JSON array of retention rules.`,
      );
    }
    const mod = await loadModule(str(values, 'source')!);
    const src = (mod.source ?? mod.default) as RecordSource | undefined;
    if (typeof src?.records !== 'function') {
      throw new PiiError(
        'INVALID_ARGUMENT',
        'The --source module must export `source` (or a default export) with a records() method.',
      );
    }
    const bar = progressBar(dryRun ? 'scanning (dry run)' : 'sweeping');
    let scanned = 0;
    const counted: RecordSource = {
      records: (f) =>
        (async function* () {
          for await (const r of src.records(f) as AsyncIterable<LifecycleRecord>) {
            bar.update(++scanned);
            yield r;
          }
        })(),
      ...(src.destroy ? { destroy: (a) => src.destroy!(a) } : {}),
    };
    let report: SweepReport;
    if (dryRun) {
      report = await sweep({
        now,
        rules: rules as RetentionRule[],
        source: counted,
        dryRun: true,
        vault: {
          eraseSubject: () => {
            throw new PiiError('INVALID_ARGUMENT', 'A dry run destroys nothing.');
          },
        },
      });
    } else {
      const kek = kekOfDir(keysDir!);
      const indexKey = readKeyFile(resolve(keysDir!, 'index.json'), 'index').key;
      const signingKey = signingOfDir(keysDir!);
      const audit = await openAuditFile(str(values, 'audit', false));
      const keyStore = fileKeyStore(storePath!);
      try {
        // Opened (and checked) now: a damaged store stops the sweep before anything is decided.
        for await (const _ of keyStore.list()) break;
        const vault = createVault({
          keyring: createKeyring({ keks: [{ id: kek.id, key: kek.key }], active: kek.id }),
          keyStore,
          indexKey,
          audit: audit!,
        });
        report = await sweep({
          now,
          rules: rules as RetentionRule[],
          source: counted,
          vault,
          signingKey,
          ...(audit ? { audit } : {}),
        });
      } finally {
        await keyStore.close();
        await audit?.close();
      }
      writeFileAtomic(
        certPath!,
        `${JSON.stringify(report.certificates, null, 2)}\n`,
        0o600,
        values.force === true,
      );
    }
    bar.finish(`${report.scanned} records`);
    if (values.json === true) out(JSON.stringify(report, null, 2));
    else printSummary(report, rules.length, now, certPath);
    return !dryRun && report.pending.length > 0 ? 1 : 0;
  },
};
