// An operator's audit log file (JSON Lines, courier-pii/audit fileSink) that long commands append
// their lifecycle events to. Opened before any work, so a damaged log stops the command early.
import { resolve } from 'node:path';
import { type AuditLog, createAuditLog, fileSink } from '../audit/index.js';
import { appendableFile } from './paths.js';

export async function openAuditFile(path: string | undefined): Promise<AuditLog | undefined> {
  if (!path) return undefined;
  const sink = fileSink(appendableFile(resolve(path), 'Audit log'));
  await sink.open();
  return createAuditLog({ sink });
}
