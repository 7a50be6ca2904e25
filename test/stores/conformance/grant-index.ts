// Conformance suite for the customer's grant index (memory, file, SQLite, PostgreSQL): grants
// land in the index at grant time, live ones are listed, a revoked one stops verifying. Not a
// test file.
import { describe, expect, it } from 'vitest';
import {
  type ClosableRevocationStore,
  createMemoryRevocationStore,
  type GrantIndexStore,
  generateSigningKey,
  grant,
  listGrants,
  revokeAllGrants,
  revokeGrant,
  verify,
} from '../../../src/consent/index.js';

export interface GrantIndexHarness {
  index: GrantIndexStore;
  revocations?: ClosableRevocationStore;
  /** Closes the index and opens the same storage again; absent for memory. */
  reopen?: () => Promise<GrantIndexStore>;
}

const T0 = Date.UTC(2026, 11, 6, 2);

export function grantIndexConformance(
  kind: string,
  make: () => Promise<GrantIndexHarness>,
  durable = true,
): void {
  describe(`grant index conformance: ${kind}`, () => {
    it('indexes grants at grant time, lists the live ones, and revoking one makes its token fail verify', async () => {
      const h = await make();
      const revocations = h.revocations ?? createMemoryRevocationStore();
      const key = generateSigningKey();
      const issuer = { id: 'sf-2026', secretKey: key.secretKey };
      const issuers = { 'sf-2026': key.publicKey };
      const mk = (grantee: string, hours: number, resource?: string) =>
        grant({
          issuer,
          subject: 'r-8812',
          grantee,
          purpose: 'pickup',
          ...(resource ? { resource } : {}),
          scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
          expiresAt: T0 + hours * 3_600_000,
          maxUses: 1,
          now: () => T0,
          grantIndex: h.index,
        });
      const a = await mk('n-5531', 8, 'SF1043212345678');
      const b = await mk('n-7002', 2);
      const expired = await mk('n-9000', 1);
      await grant({
        issuer,
        subject: 'r-other',
        grantee: 'n-1',
        purpose: 'pickup',
        scope: { pickupCode: 'allow' },
        expiresAt: T0 + 3 * 3_600_000,
        now: () => T0,
        grantIndex: h.index,
      });
      const opts = { index: h.index, revocations, now: () => T0 + 90 * 60_000 };
      const live = await listGrants('r-8812', opts);
      expect(live.map((g) => g.grantee)).toEqual(['n-7002', 'n-5531']);
      expect(live[1]).toEqual({
        tokenId: a.tokenId,
        subjectId: 'r-8812',
        grantee: 'n-5531',
        purpose: 'pickup',
        resource: 'SF1043212345678',
        scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
        grantedAt: T0,
        expiresAt: T0 + 8 * 3_600_000,
        maxUses: 1,
      });
      expect((await h.index.list('r-8812')).map((g) => g.tokenId)).toContain(expired.tokenId);
      // The index never holds the token itself.
      expect(JSON.stringify(await h.index.list('r-8812'))).not.toContain(a.token.slice(0, 40));

      const check = (t: string, resource?: string) =>
        verify(t, {
          issuers,
          purpose: 'pickup',
          grantee: resource ? 'n-5531' : 'n-7002',
          ...(resource ? { resource } : {}),
          revocations,
          now: T0 + 60_000,
        });
      await expect(check(a.token, 'SF1043212345678')).resolves.toMatchObject({ tokenId: a.tokenId });
      await revokeGrant('r-8812', a.tokenId, opts);
      await expect(check(a.token, 'SF1043212345678')).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
      expect((await listGrants('r-8812', opts)).map((g) => g.grantee)).toEqual(['n-7002']);
      // A customer cannot revoke someone else's grant, nor an unknown id.
      const other = (await h.index.list('r-other'))[0]!;
      await expect(revokeGrant('r-8812', other.tokenId, opts)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(revokeGrant('r-8812', 'no-such-id', opts)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      expect(await revocations.isRevoked([other.tokenId])).toBe(false);

      expect((await revokeAllGrants('r-8812', opts)).map((g) => g.tokenId)).toEqual([b.tokenId]);
      await expect(check(b.token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
      expect(await listGrants('r-8812', opts)).toEqual([]);
      expect(await listGrants('r-other', opts)).toHaveLength(1);
      await h.index.close();
    });

    it('refuses malformed entries and ids with INVALID_ARGUMENT; adding twice keeps one', async () => {
      const { index } = await make();
      const good = {
        tokenId: 't-1',
        subjectId: 'r-1',
        grantee: 'n-1',
        purpose: 'pickup',
        scope: { pickupCode: 'allow' },
        grantedAt: 1,
        expiresAt: 2,
      } as const;
      for (const e of [
        { ...good, tokenId: 'has space' },
        { ...good, scope: {} },
        { ...good, scope: { pickupCode: 'show' } },
        { ...good, expiresAt: -1 },
        { ...good, token: 'secret' },
        { ...good, maxUses: 0 },
      ]) {
        await expect(index.add(e as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      await index.add(good);
      await index.add({ ...good, grantee: 'n-2' });
      expect((await index.list('r-1')).map((g) => g.grantee)).toEqual(['n-1']);
      expect((await index.get('t-1'))?.grantee).toBe('n-1');
      expect(await index.get('t-none')).toBeUndefined();
      await expect(index.get('bad id')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await index.close();
    });

    if (durable)
      it('keeps its grants across a reopen', async () => {
        const h = await make();
        if (!h.reopen) throw new Error('a durable harness needs reopen');
        await h.index.add({
          tokenId: 't-r',
          subjectId: 'r-r',
          grantee: 'n-1',
          purpose: 'pickup',
          scope: { pickupCode: 'allow' },
          grantedAt: 1,
          expiresAt: 2,
        });
        const again = await h.reopen();
        expect((await again.list('r-r')).map((g) => g.tokenId)).toEqual(['t-r']);
        await again.close();
      });
  });
}
