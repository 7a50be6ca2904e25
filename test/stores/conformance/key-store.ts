// Conformance suite for SubjectKeyStore, run against every implementation (memory, file,
// SQLite, PostgreSQL). Not a test file: key-store.test.ts calls it per store kind.
import { describe, expect, it } from 'vitest';
import type { ActiveKeyRecord, DestroyedKeyRecord, SubjectKeyStore } from '../../../src/crypto/index.js';

export interface KeyStoreHarness {
  store: SubjectKeyStore;
  /** Closes `store` and opens the same storage again; undefined for memory. */
  reopen?: () => Promise<SubjectKeyStore>;
}

export const active = (subjectId: string, byte = 1, revision = 1, kekId = 'kek-a'): ActiveKeyRecord => ({
  subjectId,
  state: 'active',
  kekId,
  wrapped: new Uint8Array(72).fill(byte),
  createdAt: 1_700_000_000_000,
  revision,
});

export const destroyed = (subjectId: string, revision: number): DestroyedKeyRecord => ({
  subjectId,
  state: 'destroyed',
  createdAt: 1_700_000_000_000,
  destroyedAt: 1_700_000_100_000,
  revision,
});

async function all(s: SubjectKeyStore): Promise<string[]> {
  const out: string[] = [];
  for await (const r of s.list()) out.push(r.subjectId);
  return out;
}

export function keyStoreConformance(
  kind: string,
  make: () => Promise<KeyStoreHarness>,
  opts: { durable?: boolean } = { durable: true },
): void {
  describe(`SubjectKeyStore conformance: ${kind}`, () => {
    it('creates a record only once and hands the winner to every concurrent writer', async () => {
      const { store } = await make();
      expect(await store.get('a')).toBeUndefined();
      const results = await Promise.all([1, 2, 3, 4, 5].map((b) => store.create(active('a', b))));
      const winner = results[0]!;
      for (const r of results) expect(r).toEqual(winner);
      expect(await store.get('a')).toEqual(winner);
      await store.close?.();
    });

    it('replaces a record only when the expected revision matches', async () => {
      const { store } = await make();
      await store.create(active('a'));
      expect(await store.compareAndSet('a', 2, active('a', 5, 3))).toBe(false);
      expect(await store.compareAndSet('a', 1, active('a', 5, 3))).toBe(false);
      expect(await store.compareAndSet('a', 1, active('b', 5, 2))).toBe(false);
      expect(await store.compareAndSet('a', 1, active('a', 5, 2, 'kek-b'))).toBe(true);
      expect(await store.compareAndSet('a', 1, active('a', 6, 2))).toBe(false);
      expect(await store.compareAndSet('missing', 0, active('missing', 6, 1))).toBe(false);
      expect(await store.get('a')).toEqual(active('a', 5, 2, 'kek-b'));
      await store.close?.();
    });

    it('lets exactly one of many concurrent compare-and-set calls win', async () => {
      const { store } = await make();
      await store.create(active('a'));
      const wins = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.compareAndSet('a', 1, active('a', 10 + i, 2))),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      const now = await store.get('a');
      expect(now?.revision).toBe(2);
      expect(now?.state === 'active' && now.wrapped[0]).toBe(10 + wins.indexOf(true));
      await store.close?.();
    });

    it('keeps a tombstone after destruction and never revives it through create', async () => {
      const { store } = await make();
      await store.create(active('a'));
      expect(await store.compareAndSet('a', 1, destroyed('a', 2))).toBe(true);
      expect(await store.get('a')).toEqual(destroyed('a', 2));
      expect(await store.create(active('a', 9))).toEqual(destroyed('a', 2));
      expect(await store.create(destroyed('t', 1))).toEqual(destroyed('t', 1));
      await store.close?.();
    });

    it('lists every record exactly once, across pages', async () => {
      const { store } = await make();
      const ids = Array.from({ length: 1200 }, (_, i) => `s-${String(i).padStart(5, '0')}`);
      for (let i = 0; i < ids.length; i += 300)
        await Promise.all(ids.slice(i, i + 300).map((id) => store.create(active(id))));
      await store.compareAndSet('s-00007', 1, destroyed('s-00007', 2));
      const seen = await all(store);
      expect(seen).toHaveLength(ids.length);
      expect(new Set(seen).size).toBe(ids.length);
      expect([...seen].sort()).toEqual(ids);
      await store.close?.();
    });

    it('reads many subjects at once as get reads each, in order, repeats and gaps included', async () => {
      const { store } = await make();
      if (!store.getMany) throw new Error(`the ${kind} store should read pages with getMany`);
      expect(await store.getMany([])).toEqual([]);
      const ids = Array.from({ length: 1500 }, (_, i) => `m-${i}`);
      for (let i = 0; i < ids.length; i += 300)
        await Promise.all(ids.slice(i, i + 300).map((id, j) => store.create(active(id, (i + j) % 250))));
      await store.compareAndSet('m-3', 1, destroyed('m-3', 2));
      await store.compareAndSet('m-4', 1, active('m-4', 9, 2, 'kek-b'));
      // beyond any bound on statement parameters, with ids that need quoting in SQL or JSON
      const ask = ['m-4', 'missing', 'm-3', 'm-4', 'o\'q"x', ...ids.slice(5)];
      const got = await store.getMany(ask);
      expect(got).toHaveLength(ask.length);
      for (let i = 0; i < ask.length; i++) expect(got[i]).toEqual(await store.get(ask[i]!));
      expect(got[1]).toBeUndefined();
      expect(got[2]).toEqual(destroyed('m-3', 2));
      // a repeated id comes back as its own copy
      if (got[0]?.state === 'active') got[0].wrapped.fill(0);
      expect(got[3]?.state === 'active' && got[3].wrapped[0]).toBe(9);
      const again = await store.getMany(['m-4']);
      expect(again[0]?.state === 'active' && again[0].wrapped[0]).toBe(9);
      await store.close?.();
    });

    it('returns copies, so callers cannot change stored bytes', async () => {
      const { store } = await make();
      const r = await store.create(active('a', 7));
      if (r.state === 'active') r.wrapped.fill(0);
      const again = await store.get('a');
      expect(again?.state === 'active' && again.wrapped[0]).toBe(7);
      await store.close?.();
    });

    it('refuses malformed records with INVALID_ARGUMENT', async () => {
      const { store } = await make();
      await expect(store.create({ ...active('a'), revision: 0 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(store.create({ ...active('a'), subjectId: '' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(
        store.create({ ...active('a'), wrapped: 'x' as unknown as Uint8Array }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await store.get('a')).toBeUndefined();
      await store.close?.();
    });

    // Memory stores keep nothing across a reopen by design; the durable kinds must keep everything.
    if (opts.durable)
      it('keeps every acknowledged change when reopened', async () => {
        const h = await make();
        if (!h.reopen) throw new Error('a durable store harness needs reopen()');
        await h.store.create(active('a', 3));
        await h.store.create(active('b', 4));
        await h.store.compareAndSet('a', 1, destroyed('a', 2));
        await h.store.compareAndSet('b', 1, active('b', 5, 2, 'kek-b'));
        const again = await h.reopen();
        expect(await again.get('a')).toEqual(destroyed('a', 2));
        expect(await again.get('b')).toEqual(active('b', 5, 2, 'kek-b'));
        expect((await all(again)).sort()).toEqual(['a', 'b']);
        await again.close?.();
      });
  });
}
