// Conformance suite for the rights-request store (memory, file, SQLite, PostgreSQL), run through
// the rights desk so every store gives the same answers: filing, transitions, listing order,
// the overdue listing, compare-and-set under concurrent staff, malformed records, reopening.
// Not a test file.
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from '../../../src/audit/index.js';
import { PiiError } from '../../../src/errors.js';
import { createRightsDesk, type RightsRequest, type RightsRequestStore } from '../../../src/rights/index.js';

export interface RightsHarness {
  store: RightsRequestStore;
  /** A second handle on the same storage (another connection or instance); the store itself for memory and file. */
  peer: () => RightsRequestStore;
  /** Closes the store and opens the same storage again; undefined for memory. */
  reopen?: () => Promise<RightsRequestStore>;
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 6, 2);

function deskOn(store: RightsRequestStore, clock: { t: number }, responseDays = 15) {
  const sink = memorySink();
  return {
    sink,
    desk: createRightsDesk({
      audit: createAuditLog({ sink, clock: () => clock.t }),
      store,
      now: () => clock.t,
      responseDays,
    }),
  };
}

export function rightsRequestConformance(kind: string, make: () => Promise<RightsHarness>): void {
  describe(`rights-request store conformance: ${kind}`, () => {
    it('keeps filed requests and their transitions, lists them oldest first and per subject', async () => {
      const h = await make();
      const clock = { t: T0 };
      const { desk } = deskOn(h.store, clock);
      const a = await desk.file({ kind: 'access', subjectId: 'cust-1' });
      clock.t += 1000;
      const b = await desk.file({ kind: 'consent-withdrawal', subjectId: 'cust-1', target: 'marketing' });
      clock.t += 1000;
      const c = await desk.file({ kind: 'complaint', subjectId: 'cust-2' });
      await desk.verifyIdentity(a.id, { actor: 'cs-1' });
      await desk.start(a.id, { actor: 'cs-1' });
      const answered = await desk.answer(a.id, { actor: 'cs-1', answerRef: 'export-9' });
      const refused = await desk.refuse(c.id, {
        actor: 'cs-2',
        code: 'manifestly-unfounded',
        explanation: '投诉内容与本公司服务无关。',
      });
      expect(await h.store.get(a.id)).toEqual(answered);
      expect(await h.store.get(c.id)).toEqual(refused);
      expect(await h.store.get(b.id)).toEqual(b);
      expect(await h.store.get(`rr-${'f'.repeat(32)}`)).toBeUndefined();
      expect((await h.store.list()).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
      expect((await h.store.list({ subjectId: 'cust-1' })).map((r) => r.id)).toEqual([a.id, b.id]);
      expect(await h.store.list({ subjectId: 'cust-none' })).toEqual([]);
      expect((await desk.list({ subjectId: 'cust-1', open: true })).map((r) => r.id)).toEqual([b.id]);
      if (h.reopen) {
        const again = await h.reopen();
        expect(await again.get(a.id)).toEqual(answered);
        expect((await again.list()).map((r) => [r.id, r.state, r.revision])).toEqual([
          [a.id, 'answered', 4],
          [b.id, 'received', 1],
          [c.id, 'refused', 2],
        ]);
        // The reopened store keeps moving requests, from where they were.
        const d2 = deskOn(again, clock).desk;
        expect((await d2.verifyIdentity(b.id, { actor: 'cs-3' })).revision).toBe(2);
        await again.close?.();
      } else {
        await h.store.close?.();
      }
    });

    it('lists the overdue: open requests past their due date only, at the time asked', async () => {
      const h = await make();
      const clock = { t: T0 };
      const { desk } = deskOn(h.store, clock, 1);
      const early = await desk.file({ kind: 'complaint', subjectId: 'cust-o' });
      clock.t += 6 * 3_600_000;
      const late = await desk.file({ kind: 'deletion', subjectId: 'cust-o' });
      const done = await desk.file({ kind: 'explanation', subjectId: 'cust-p' });
      const refused = await desk.file({ kind: 'copy', subjectId: 'cust-p' });
      await desk.verifyIdentity(done.id, { actor: 'cs-1' });
      await desk.start(done.id, { actor: 'cs-1' });
      await desk.answer(done.id, { actor: 'cs-1' });
      await desk.refuse(refused.id, {
        actor: 'cs-1',
        code: 'identity-not-verified',
        explanation: '未能核实身份。',
      });
      const started = await desk.verifyIdentity(late.id, { actor: 'cs-1' });
      expect(started.state).toBe('identity-verified');

      // Exactly at the due date a request is not yet overdue; one millisecond later it is.
      expect(await desk.overdue(early.dueAt)).toEqual([]);
      expect((await desk.overdue(early.dueAt + 1)).map((r) => r.id)).toEqual([early.id]);
      expect((await h.store.list({ openDueBefore: early.dueAt + 1 })).map((r) => r.id)).toEqual([early.id]);
      const both = T0 + 3 * DAY;
      expect((await desk.overdue(both)).map((r) => r.id)).toEqual([early.id, late.id]);
      expect((await h.store.list({ openDueBefore: both, subjectId: 'cust-o' })).map((r) => r.id)).toEqual([
        early.id,
        late.id,
      ]);
      expect(await h.store.list({ openDueBefore: both, subjectId: 'cust-p' })).toEqual([]);
      expect(await desk.overdue(T0)).toEqual([]);
      await h.store.close?.();
    });

    it('lets one of two staff answering the same request win; the other gets STORE_CONFLICT', async () => {
      const h = await make();
      const clock = { t: T0 };
      const one = deskOn(h.store, clock);
      const two = deskOn(h.peer(), clock);
      for (let round = 0; round < 5; round++) {
        const r = await one.desk.file({ kind: 'access', subjectId: `cust-race-${round}` });
        await one.desk.verifyIdentity(r.id, { actor: 'cs-1' });
        await one.desk.start(r.id, { actor: 'cs-1' });
        const results = await Promise.allSettled([
          one.desk.answer(r.id, { actor: 'cs-1', answerRef: 'ans-1' }),
          two.desk.refuse(r.id, { actor: 'cs-2', code: 'excessive', explanation: '请求过于频繁。' }),
        ]);
        const won = results.filter(
          (x) => x.status === 'fulfilled',
        ) as PromiseFulfilledResult<RightsRequest>[];
        const lost = results.filter((x) => x.status === 'rejected') as PromiseRejectedResult[];
        expect([won.length, lost.length]).toEqual([1, 1]);
        expect(lost[0]!.reason).toBeInstanceOf(PiiError);
        // The loser either lost the compare-and-set or read the request already closed.
        expect(['STORE_CONFLICT', 'INVALID_ARGUMENT']).toContain((lost[0]!.reason as PiiError).code);
        const stored = (await h.store.get(r.id))!;
        expect(stored).toEqual(won[0]!.value);
        expect(stored.revision).toBe(4);
        expect(stored.history).toHaveLength(4);
      }
      // Raw compare-and-set: a stale revision and a second revision 1 are both refused.
      const r = await one.desk.file({ kind: 'access', subjectId: 'cust-cas' });
      expect(await h.peer().put(r)).toBe(false);
      const next = {
        ...r,
        state: 'identity-verified' as const,
        revision: 2,
        history: [
          ...r.history,
          { from: 'received' as const, to: 'identity-verified' as const, at: T0, actor: 'cs-1' },
        ],
      };
      expect(await h.store.put(next)).toBe(true);
      expect(await h.peer().put(next)).toBe(false);
      expect((await h.store.get(r.id))!.revision).toBe(2);
      await h.store.close?.();
    });

    it('refuses malformed records with INVALID_ARGUMENT and stores nothing', async () => {
      const h = await make();
      const clock = { t: T0 };
      const { desk } = deskOn(h.store, clock);
      const good = await desk.file({ kind: 'complaint', subjectId: 'cust-b' });
      const fresh = { ...good, id: `rr-${'a'.repeat(32)}` };
      const step = (to: string, from: string | null) => ({ from, to, at: T0, actor: 'cs-1' });
      const bad: unknown[] = [
        { ...fresh, id: 'rr-13800138000' },
        { ...fresh, subjectId: '138 0013 8000' },
        { ...fresh, kind: 'erase-everything' },
        { ...fresh, state: 'lost' },
        { ...fresh, receivedAt: -1 },
        { ...fresh, dueAt: fresh.receivedAt - 1 },
        { ...fresh, revision: 2 },
        { ...fresh, target: 'marketing' },
        { ...fresh, phone: '13800138000' },
        { ...fresh, answerRef: 'x' },
        {
          ...fresh,
          state: 'answered',
          revision: 2,
          history: [...fresh.history, step('answered', 'received')],
        },
        {
          ...fresh,
          state: 'refused',
          revision: 2,
          history: [...fresh.history, step('refused', 'received')],
        },
        { ...fresh, history: [] },
        'not a record',
      ];
      for (const b of bad) {
        await expect(h.store.put(b as RightsRequest)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      expect((await h.store.list()).map((r) => r.id)).toEqual([good.id]);
      await expect(h.store.get('rr 1; DROP TABLE')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await h.store.close?.();
    });
  });
}
