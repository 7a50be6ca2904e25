// planHandover reads the open rights requests from the rights desk's store, as handover does for
// `inherit.openRequests`: the plan's count and the manifest's count of one store are the same,
// an answered or refused request is not open, and the store is read when the plan is made. The
// ids and a plain number are still accepted; anything else is refused before any work.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { memoryKeyStore, type SubjectKeyStore } from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { handover, type PlanHandoverOptions, planHandover } from '../../src/lifecycle/index.js';
import { handoverParties } from './fixtures/handover-parties.js';
import { planBasics } from './fixtures/plan-options.js';
import { deskWithRequests } from './fixtures/rights-requests.js';
import { seededStore } from './fixtures/seeded-store.js';

const { sellerInfo, buyerInfo, purposes } = handoverParties();

function plan(openRequests: unknown, keyStore: SubjectKeyStore = memoryKeyStore()) {
  return planHandover({
    ...planBasics('h-requests'),
    records: { async *records() {} },
    keyStore,
    ...(openRequests === undefined
      ? {}
      : { openRequests: openRequests as PlanHandoverOptions['openRequests'] }),
  });
}

async function code(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: unknown) => (isPiiError(e) ? e.code : 'not a PiiError'),
  );
}

describe('planHandover reads the open rights requests from the rights store', () => {
  it('counts the requests neither answered nor refused, the same count handover binds', async () => {
    const { store } = await deskWithRequests();
    expect((await store.list()).length).toBe(4);
    const { plan: p } = await plan(store);
    expect(p.obligations.openRequests).toBe(2);

    const { keyStore, from, to } = await seededStore(1);
    const { manifest } = await handover({
      id: 'h-requests',
      from: { keyring: from, keyStore },
      to,
      seller: { ...sellerInfo, signingKey: ed25519.keygen() },
      buyer: buyerInfo,
      purposes,
      inherit: { openRequests: store },
    });
    expect(manifest.inherits?.openRequests).toMatchObject({
      supplied: true,
      count: p.obligations.openRequests,
    });
  });

  it('reads the store when the plan is made: a request answered since is no longer counted', async () => {
    const { store, desk: d, open } = await deskWithRequests();
    expect((await plan(store)).plan.obligations.openRequests).toBe(2);
    await d.verifyIdentity(open.id, { actor: 'desk' });
    await d.start(open.id, { actor: 'desk' });
    await d.answer(open.id, { actor: 'desk', answerRef: 'export-2' });
    expect((await plan(store)).plan.obligations.openRequests).toBe(1);
  });

  it('still takes the request ids (each counted once) or their number; without either, says nothing', async () => {
    expect((await plan(['rr-2', 'rr-1', 'rr-2'])).plan.obligations.openRequests).toBe(2);
    expect((await plan([])).plan.obligations.openRequests).toBe(0);
    expect((await plan(3)).plan.obligations.openRequests).toBe(3);
    expect((await plan(0)).plan.obligations.openRequests).toBe(0);
    expect('openRequests' in (await plan(undefined)).plan.obligations).toBe(false);
  });

  it.each([
    ['a negative count', -1],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a lone id', 'rr-1'],
    ['an empty id', ['']],
    ['a number among the ids', ['rr-1', 7]],
    ['an object without list()', { list: 'rr-1' }],
    ['null', null],
  ])('refuses %s with INVALID_ARGUMENT before reading the key store', async (_what, value) => {
    let listed = false;
    const keyStore = memoryKeyStore();
    const spy = Object.assign(Object.create(keyStore) as SubjectKeyStore, {
      list() {
        listed = true;
        return keyStore.list();
      },
    });
    expect(await code(plan(value, spy))).toBe('INVALID_ARGUMENT');
    expect(listed).toBe(false);
    // the spy does see the key store being read once the value is a valid one
    await plan(1, spy);
    expect(listed).toBe(true);
  });

  it('a failing store fails the plan (no count made up)', async () => {
    const broken = {
      list: async () => {
        throw new Error('database down');
      },
    };
    await expect(plan(broken)).rejects.toThrow('database down');
  });
});
