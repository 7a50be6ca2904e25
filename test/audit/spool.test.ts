// Events kept while the audit log is down: bounded, durable in a file readable by its owner
// only, written in order once the log is back, and never twice.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AuditAppendOptions,
  type AuditEvent,
  createAuditLog,
  fileSpool,
  memorySink,
  memorySpool,
} from 'courier-pii/audit';
import { sampleEvent } from './helpers.js';
import { scratchDir } from '../support/scratch.js';

/** A log whose appends fail while `down`, or fail after storing once `lose` is set. */
function flakyLog() {
  const sink = memorySink();
  const log = createAuditLog({ sink });
  const state = { down: false, lose: 0 };
  return {
    sink,
    state,
    async append(event: AuditEvent, options?: AuditAppendOptions) {
      if (state.down) throw new Error('database unreachable');
      const e = await log.append(event, options);
      if (state.lose > 0) {
        state.lose--;
        throw new Error('answer lost');
      }
      return e;
    },
  };
}

const spools: Array<[string, () => ReturnType<typeof memorySpool>, string?]> = [
  ['memory', () => memorySpool()],
  ['file', () => fileSpool(join(scratchDir('cpii-spool-'), 'audit.spool'))],
];

describe.each(spools)('%s spool', (_kind, make) => {
  it('keeps events while the log is down and writes them in order once it is back', async () => {
    const spool = make();
    const log = flakyLog();
    for (let i = 0; i < 3; i++) await spool.keep(sampleEvent(i));
    expect(await spool.pending()).toBe(3);
    log.state.down = true;
    await expect(spool.flush(log)).rejects.toThrow('database unreachable');
    expect(await spool.pending()).toBe(3);
    log.state.down = false;
    expect(await spool.flush(log)).toBe(3);
    expect(await spool.pending()).toBe(0);
    expect(log.sink.entries.map((e) => e.actor)).toEqual([0, 1, 2].map((i) => sampleEvent(i).actor));
    expect(await spool.flush(log)).toBe(0);
  });

  it('never stores an event twice when a flush fails after the log stored it', async () => {
    const spool = make();
    const log = flakyLog();
    await spool.keep(sampleEvent(0));
    await spool.keep(sampleEvent(1));
    log.state.lose = 1; // the first event is stored but its acknowledgement is lost
    await expect(spool.flush(log)).rejects.toThrow('answer lost');
    expect(await spool.pending()).toBe(2);
    expect(await spool.flush(log)).toBe(2);
    expect(log.sink.entries).toHaveLength(2);
  });

  it('refuses events the log would refuse, and refuses beyond its bound', async () => {
    const spool = make();
    await expect(spool.keep({ kind: 'made.up', actor: 'a', purpose: 'p' } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      spool.keep({ kind: 'alert', actor: 'a', purpose: 'p', data: { rule: '13812345678', severity: 'low' } }),
    ).rejects.toMatchObject({ code: 'AUDIT_PII_REJECTED' });
    expect(await spool.pending()).toBe(0);
  });
});

describe('spool bounds and files', () => {
  it('refuses to keep more than maxEvents, saying so', async () => {
    for (const spool of [
      memorySpool({ maxEvents: 2 }),
      fileSpool(join(scratchDir('cpii-spool-'), 's'), { maxEvents: 2 }),
    ]) {
      await spool.keep(sampleEvent(0));
      await spool.keep(sampleEvent(1));
      await expect(spool.keep(sampleEvent(2))).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
      expect(await spool.pending()).toBe(2);
    }
    expect(() => memorySpool({ maxEvents: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('writes its file owner-only, keeps it across processes, and ignores an unacknowledged torn line', async () => {
    const path = join(scratchDir('cpii-spool-'), 'audit.spool');
    await fileSpool(path).keep(sampleEvent(0));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"key":"spool:torn","ev`, { flag: 'w' });
    const again = fileSpool(path); // another process, later
    expect(await again.pending()).toBe(1);
    const log = flakyLog();
    expect(await again.flush(log)).toBe(1);
    expect(await again.pending()).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reports an unreadable line as AUDIT_CORRUPT instead of dropping it', async () => {
    const path = join(scratchDir('cpii-spool-'), 'audit.spool');
    writeFileSync(path, 'not json\n', { mode: 0o600 });
    await expect(fileSpool(path).pending()).rejects.toMatchObject({ code: 'AUDIT_CORRUPT' });
  });
});
