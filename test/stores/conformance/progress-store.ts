// Conformance suite for ProgressStore (memory, file, SQLite, PostgreSQL). Not a test file.
import { describe, expect, it } from 'vitest';
import type { ProgressStore } from '../../../src/stores/index.js';

export interface ProgressHarness {
  store: ProgressStore;
  reopen?: () => Promise<ProgressStore>;
}

export function progressStoreConformance(
  kind: string,
  make: () => Promise<ProgressHarness>,
  opts: { durable?: boolean } = { durable: true },
): void {
  describe(`ProgressStore conformance: ${kind}`, () => {
    it('stores JSON progress with revisions and deletes it', async () => {
      const { store } = await make();
      expect(await store.get('job:a')).toBeUndefined();
      const a = await store.put('job:a', {
        after: 'cust-1',
        done: 1,
        steps: ['rewrap'],
        ok: true,
        none: null,
      });
      expect(a).toMatchObject({
        value: { after: 'cust-1', done: 1, steps: ['rewrap'], ok: true, none: null },
        revision: 1,
      });
      expect((await store.put('job:a', { done: 2 })).revision).toBe(2);
      expect((await store.get('job:a'))?.value).toEqual({ done: 2 });
      expect(await store.delete('job:a')).toBe(true);
      expect(await store.delete('job:a')).toBe(false);
      expect(await store.get('job:a')).toBeUndefined();
      await store.close();
    });

    it('writes conditionally on the expected revision and reports a lost race as STORE_CONFLICT', async () => {
      const { store } = await make();
      await store.put('job:b', 1, { expectedRevision: 0 });
      await expect(store.put('job:b', 2, { expectedRevision: 0 })).rejects.toMatchObject({
        code: 'STORE_CONFLICT',
      });
      const results = await Promise.allSettled(
        [3, 4, 5, 6].map((v) => store.put('job:b', v, { expectedRevision: 1 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.get('job:b'))?.revision).toBe(2);
      await store.close();
    });

    it('lists keys by exact, case-sensitive prefix in key order', async () => {
      const { store } = await make();
      for (const k of ['rotate:b', 'rotate:a', 'Rotate:c', 'handover:x', 'rotate_x']) await store.put(k, k);
      const keys: string[] = [];
      for await (const [k] of store.list('rotate:')) keys.push(k);
      expect(keys).toEqual(['rotate:a', 'rotate:b']);
      const everything: string[] = [];
      for await (const [k] of store.list()) everything.push(k);
      expect(everything).toHaveLength(5);
      await store.close();
    });

    it('refuses bad keys and values that are not JSON', async () => {
      const { store } = await make();
      await expect(store.put('has space', 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.put('k', Number.NaN)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.put('k', undefined as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await store.get('k')).toBeUndefined();
      await store.close();
    });

    // Memory stores keep nothing across a reopen by design; the durable kinds must keep everything.
    if (opts.durable)
      it('keeps progress when reopened', async () => {
        const h = await make();
        if (!h.reopen) throw new Error('a durable store harness needs reopen()');
        await h.store.put('job:c', { done: 41 });
        await h.store.put('job:c', { done: 42 });
        const again = await h.reopen();
        expect(await again.get('job:c')).toMatchObject({ value: { done: 42 }, revision: 2 });
        await again.close();
      });
  });
}
