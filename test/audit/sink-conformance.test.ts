import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileSink, memorySink } from 'courier-pii/audit';
import { auditSinkConformance } from './sink-conformance.js';
import { scratchDir } from '../support/scratch.js';

auditSinkConformance('memorySink', async () => {
  const sink = memorySink();
  return { sink, reopen: () => memorySink(sink.entries) };
});

for (const fsync of ['batch', 'always'] as const) {
  auditSinkConformance(`fileSink (fsync ${fsync})`, async () => {
    const dir = scratchDir('cpii-audit-conf-');
    const path = join(dir, 'audit.jsonl');
    return {
      sink: fileSink(path, { fsync }),
      reopen: () => fileSink(path, { fsync }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}
