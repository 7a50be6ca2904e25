// The rights-request state machine: every allowed transition, every refused one, refusals with
// reasons, due dates from the response period, overdue listing, and audit events that verify
// and carry ids only.
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, verifyAuditLog } from '../../src/audit/index.js';
import {
  createRightsDesk,
  DEFAULT_RESPONSE_DAYS,
  type RightsRequestState,
  RIGHTS_REQUEST_KINDS,
} from '../../src/rights/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 6, 10);

function setup(responseDays?: number) {
  let t = T0;
  const sink = memorySink();
  const audit = createAuditLog({ sink, clock: () => t });
  const desk = createRightsDesk({ audit, now: () => t, ...(responseDays ? { responseDays } : {}) });
  return { desk, sink, tick: (ms: number) => (t += ms), now: () => t };
}

const STATES: RightsRequestState[] = ['received', 'identity-verified', 'in-progress', 'answered', 'refused'];
const ALLOWED: Record<RightsRequestState, RightsRequestState[]> = {
  received: ['identity-verified', 'refused'],
  'identity-verified': ['in-progress', 'refused'],
  'in-progress': ['answered', 'refused'],
  answered: [],
  refused: [],
};

describe('rights desk state machine', () => {
  it('walks received → identity-verified → in-progress → answered, auditing each step with ids only', async () => {
    const { desk, sink, tick } = setup();
    const r = await desk.file({ kind: 'access', subjectId: 'cust-1' });
    expect(r.id).toMatch(/^rr-[0-9a-f]{32}$/);
    expect([r.state, r.receivedAt, r.dueAt]).toEqual(['received', T0, T0 + DEFAULT_RESPONSE_DAYS * DAY]);
    tick(1000);
    await desk.verifyIdentity(r.id, { actor: 'cs-7' });
    await desk.start(r.id, { actor: 'cs-7' });
    const done = await desk.answer(r.id, { actor: 'cs-7', answerRef: 'export-1' });
    expect(done.history.map((h) => [h.from, h.to, h.actor])).toEqual([
      [null, 'received', 'cust-1'],
      ['received', 'identity-verified', 'cs-7'],
      ['identity-verified', 'in-progress', 'cs-7'],
      ['in-progress', 'answered', 'cs-7'],
    ]);
    expect([done.answerRef, done.revision]).toEqual(['export-1', 4]);
    const events = sink.entries.filter((e) => e.kind === 'rights.transition');
    expect(events.map((e) => [e.data?.from, e.data?.to])).toEqual([
      [null, 'received'],
      ['received', 'identity-verified'],
      ['identity-verified', 'in-progress'],
      ['in-progress', 'answered'],
    ]);
    for (const e of events) {
      expect(e.subjects).toEqual(['cust-1']);
      expect(Object.keys(e.data ?? {}).sort()).toEqual(['dueAt', 'from', 'requestId', 'requestKind', 'to']);
      expect(e.data?.requestId).toBe(r.id);
    }
    expect(verifyAuditLog(sink.entries).ok).toBe(true);
  });

  it('allows exactly the documented transitions from every state', async () => {
    for (const from of STATES) {
      for (const to of STATES.filter((s) => s !== 'received')) {
        const { desk } = setup();
        const r = await desk.file({ kind: 'complaint', subjectId: 'cust-2' });
        // Bring the request to `from` along the happy path (or refuse it).
        const path: Record<RightsRequestState, Array<() => Promise<unknown>>> = {
          received: [],
          'identity-verified': [() => desk.verifyIdentity(r.id, { actor: 'cs' })],
          'in-progress': [
            () => desk.verifyIdentity(r.id, { actor: 'cs' }),
            () => desk.start(r.id, { actor: 'cs' }),
          ],
          answered: [
            () => desk.verifyIdentity(r.id, { actor: 'cs' }),
            () => desk.start(r.id, { actor: 'cs' }),
            () => desk.answer(r.id, { actor: 'cs' }),
          ],
          refused: [
            () => desk.refuse(r.id, { actor: 'cs', code: 'manifestly-unfounded', explanation: '无具体诉求' }),
          ],
        };
        for (const step of path[from]) await step();
        const go = {
          received: () => Promise.reject(new Error('never a target')),
          'identity-verified': () => desk.verifyIdentity(r.id, { actor: 'cs' }),
          'in-progress': () => desk.start(r.id, { actor: 'cs' }),
          answered: () => desk.answer(r.id, { actor: 'cs' }),
          refused: () =>
            desk.refuse(r.id, {
              actor: 'cs',
              code: 'excessive',
              explanation: 'Same request answered last week.',
            }),
        }[to];
        if (ALLOWED[from].includes(to)) {
          expect((await go()) as { state: string }).toMatchObject({ state: to });
        } else {
          await expect(go()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
          expect((await desk.get(r.id))?.state).toBe(from);
        }
      }
    }
  });

  it('refuses only with a known reason code and an explanation, and audits the code, never the text', async () => {
    const { desk, sink } = setup();
    const r = await desk.file({ kind: 'deletion', subjectId: 'cust-3' });
    await expect(
      desk.refuse(r.id, { actor: 'cs', code: undefined as never, explanation: 'x' }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      desk.refuse(r.id, { actor: 'cs', code: 'because' as never, explanation: 'x' }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      desk.refuse(r.id, { actor: 'cs', code: 'legal-hold', explanation: '  ' }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await desk.get(r.id))?.state).toBe('received');
    const text = 'A court order (case 2026-17) requires us to keep these records until it ends.';
    const refused = await desk.refuse(r.id, { actor: 'cs', code: 'legal-hold', explanation: text });
    expect(refused.refusal).toEqual({ code: 'legal-hold', explanation: text });
    const last = sink.entries.at(-1)!;
    expect(last.data?.reasonCode).toBe('legal-hold');
    expect(JSON.stringify(sink.entries)).not.toContain('court order');
  });

  it('lists a request as overdue only after its response period, and never once closed', async () => {
    const { desk, tick, now } = setup(15);
    const a = await desk.file({ kind: 'complaint', subjectId: 'cust-4' });
    const b = await desk.file({ kind: 'access', subjectId: 'cust-5' });
    expect(a.dueAt - a.receivedAt).toBe(15 * DAY);
    tick(15 * DAY);
    expect(await desk.overdue()).toEqual([]); // due now, not yet late
    tick(1);
    expect((await desk.overdue()).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    await desk.refuse(b.id, {
      actor: 'cs',
      code: 'identity-not-verified',
      explanation: 'We could not confirm it is you.',
    });
    expect((await desk.overdue()).map((r) => r.id)).toEqual([a.id]);
    expect((await desk.overdue(now() - 2)).map((r) => r.id)).toEqual([]);
    expect((await desk.list({ subjectId: 'cust-4', open: true })).map((r) => r.id)).toEqual([a.id]);
    expect(await desk.list({ subjectId: 'cust-5', open: true })).toEqual([]);
  });

  it('fails closed on bad input and when the audit log fails (nothing stored)', async () => {
    expect(() => createRightsDesk({} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    const audit = createAuditLog({ sink: memorySink() });
    for (const responseDays of [0, 1.5, 400]) {
      expect(() => createRightsDesk({ audit, responseDays })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
    const desk = createRightsDesk({ audit });
    await expect(desk.file({ kind: 'gossip' as never, subjectId: 'cust-1' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(desk.file({ kind: 'access', subjectId: '13812345678 张三' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(desk.file({ kind: 'correction', subjectId: 'cust-1' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(desk.file({ kind: 'access', subjectId: 'cust-1', target: 'x' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(desk.verifyIdentity('rr-missing', { actor: 'cs' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(RIGHTS_REQUEST_KINDS).toHaveLength(8);

    const failing = createRightsDesk({ audit: { append: () => Promise.reject(new Error('disk full')) } });
    await expect(failing.file({ kind: 'access', subjectId: 'cust-1' })).rejects.toThrow('disk full');
    expect(await failing.list()).toEqual([]);
  });
});
