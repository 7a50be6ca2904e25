// `courier-pii inventory <module>`: the data inventory (records of processing) of an operator's
// schemas and policies, as Markdown, JSON or a Mermaid diagram.
import { resolve } from 'node:path';
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { inventory } from '../lifecycle/index.js';
import type { Policy } from '../policy/index.js';
import { type Command, freshOutput, str, usage } from './command.js';
import { writeFileAtomic } from './files.js';
import { listExport, loadModule } from './load-module.js';

const FORMATS = ['md', 'json', 'mermaid'] as const;

export const inventoryCommand: Command = {
  name: 'inventory',
  summary: 'print the data inventory of your schemas and policies (Markdown, JSON, Mermaid)',
  options: {
    format: { type: 'string', short: 'f', default: 'md' },
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean', default: false },
  },
  help: [
    'Usage: courier-pii inventory <module> [--format md|json|mermaid] [--out <file>] [--force]',
    '',
    'Imports <module> and prints the inventory of courier-pii/lifecycle: every field with its',
    'level, kind, subject, retention, whether it is sealed at rest, and which roles see it for',
    'which purposes. <module> must export `schemas` (an array or object of zod schemas tagged',
    'with courier-pii/schema) and may export `policies` (an array or object of policies from',
    'definePolicy). Give a built .js or .mjs module; a .ts module loads only when this command',
    'itself runs under tsx (npx tsx .../cli/main.js). Nothing is written unless --out is given.',
    '',
    'Options:',
    '  -f, --format <fmt>   md (default), json or mermaid',
    '  -o, --out <file>     write to this file (mode 0644) instead of standard output',
    '      --force          replace the --out file if it exists',
  ].join('\n'),
  async run(values, positionals) {
    const file = positionals[0];
    if (!file || positionals.length > 1) throw usage('give exactly one module path.');
    const format = str(values, 'format') as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw usage('--format must be md, json or mermaid.');
    const outPath = str(values, 'out', false);
    if (outPath) freshOutput(resolve(outPath), values.force === true);
    const mod = await loadModule(file);
    const schemas = listExport(mod, 'schemas');
    if (!schemas || schemas.length === 0) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        `Module ${file} exports no \`schemas\` (an array or object of zod schemas).`,
      );
    }
    schemas.forEach((s, i) => {
      if (typeof s !== 'object' || s === null || !('_zod' in s)) {
        throw new PiiError('INVALID_ARGUMENT', `schemas[${i}] of ${file} is not a zod schema.`);
      }
    });
    const policies = listExport(mod, 'policies') ?? [];
    policies.forEach((p, i) => {
      const spec = (p as { spec?: { rules?: unknown } })?.spec;
      if (typeof spec !== 'object' || spec === null || !Array.isArray(spec.rules)) {
        throw new PiiError(
          'INVALID_ARGUMENT',
          `policies[${i}] of ${file} is not a policy from definePolicy.`,
        );
      }
    });
    const inv = inventory(schemas as z.core.$ZodType[], policies as Policy[]);
    const text =
      format === 'json'
        ? `${JSON.stringify(inv.json, null, 2)}\n`
        : format === 'mermaid'
          ? `${inv.mermaid.trimEnd()}\n`
          : `${inv.markdown.trimEnd()}\n`;
    const s = inv.json.summary;
    const summary = `inventory: ${inv.json.schemas.length} schemas, ${inv.json.policies.length} policies, ${s.fields} fields (${s.sensitive} sensitive, ${s.encrypted} sealed at rest)`;
    if (outPath) {
      writeFileAtomic(resolve(outPath), text, 0o644, values.force === true);
      process.stderr.write(`${summary}; wrote ${outPath}\n`);
    } else {
      process.stdout.write(text);
      process.stderr.write(`${summary}\n`);
    }
    if (s.sensitiveInPlaintextAtRest.length > 0) {
      process.stderr.write(
        `warning: sensitive fields not sealed at rest: ${s.sensitiveInPlaintextAtRest.join(', ')}\n`,
      );
    }
    return 0;
  },
};
