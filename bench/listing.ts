// The listing workload shared by the crypto and stores benches: 10,000 sealed parcels, each with a
// sender and a recipient drawn from 10,000 customers (customer keys) and a last scan sealed under
// the parcel's own `record:` key, opened by a vault whose key cache is empty. Measured against a
// bare floor doing the least any envelope scheme must: read each wrapped DEK once, unwrap it
// (XChaCha20-Poly1305 under the KEK), and decrypt the same seven fields (base64url decode,
// XChaCha20-Poly1305 under the DEK, UTF-8), with no key derivation, binding, commitment or walk.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { nodeBackend } from '../src/crypto/backend.js';
import { createKeyring, createVault, generateKey, type SubjectKeyStore } from '../src/crypto/index.js';
import { pii } from '../src/schema/index.js';

const Party = z.object({
  name: pii.name({ level: 'sensitive' }),
  phone: pii.phone(),
  address: pii.address(),
});
/** The bench parcel: seven sealed fields under three keys (sender, recipient, record). */
export const ListedParcel = pii.id(
  'bench-listing/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    sender: pii.subject('sender', Party),
    recipient: pii.subject('recipient', Party),
    lastScan: pii.geo(),
  }),
);

export const PARCELS = 10_000;
export const CUSTOMERS = 10_000;

const b = nodeBackend!;
const FIELDS = 7;

/** One listed parcel: the sealed record, and the same seven values sealed bare for the floor. */
export interface Listed {
  recordId: string;
  record: Record<string, unknown>;
  /** Subject of each bare field, then the bare field itself (nonce(24) || ct || tag, base64url). */
  bare: Array<[subject: string, field: string]>;
}

/** Everything a listing run needs; `keyStore` is filled by {@link buildListing}. */
export interface Listing {
  items: Listed[];
  keyring: ReturnType<typeof createKeyring>;
  indexKey: Uint8Array;
  /** The floor's key store: subject → XChaCha20-Poly1305(KEK, DEK) with the subject as AAD. */
  bareKeys: Map<string, Uint8Array>;
  bareKek: Uint8Array;
}

function xseal(key: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const nonce = randomBytes(24);
  return b.chachaSeal(b.hchacha(key, nonce.subarray(0, 16)), innerNonce(nonce), aad, pt, nonce);
}
function innerNonce(n24: Uint8Array): Uint8Array {
  const n = new Uint8Array(12);
  n.set(n24.subarray(16, 24), 4);
  return n;
}
const EMPTY = new Uint8Array(0);
function xopen(key: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  return b.chachaOpen(b.hchacha(key, sealed.subarray(0, 16)), innerNonce(sealed), aad, sealed, 24);
}

/**
 * Seals `PARCELS` parcels into `keyStore` (and the bare copies for the floor). Takes about a
 * second per 10,000 parcels; the sealing vault's cache is cleared afterwards.
 */
export async function buildListing(keyStore: SubjectKeyStore, parcels = PARCELS): Promise<Listing> {
  const kek = generateKey();
  const keyring = createKeyring({ keks: [{ id: 'kek-1', key: kek }], active: 'kek-1' });
  const indexKey = generateKey();
  const sealer = createVault({
    keyring,
    keyStore,
    indexKey,
    cache: { maxEntries: CUSTOMERS + 1 },
  });
  const bareKek = generateKey();
  const bareDeks = new Map<string, Uint8Array>();
  const bareKeys = new Map<string, Uint8Array>();
  const dekOf = (subject: string): Uint8Array => {
    let k = bareDeks.get(subject);
    if (!k) {
      k = generateKey();
      bareDeks.set(subject, k);
      bareKeys.set(subject, xseal(bareKek, Buffer.from(subject), k));
    }
    return k;
  };
  const items: Listed[] = [];
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < parcels; i++) {
    const recordId = `P${i}`;
    const sender = `c-${(i * 7) % CUSTOMERS}`;
    const recipient = `c-${(i * 13 + 1) % CUSTOMERS}`;
    const parcel = {
      waybillNo: `SF${1_000_000_000_000 + i}`,
      sender: { name: '王五', phone: '+8613900001111', address: '浙江省杭州市西湖区文三路1号' },
      recipient: { name: '李四', phone: '+8613812345678', address: '山东省青岛市市南区香港中路61号' },
      lastScan: { lat: 30.2875, lng: 120.162 },
    };
    const item: Listed = { recordId, record: {}, bare: [] };
    writes.push(
      sealer
        .seal(ListedParcel, parcel, { recordId, subjects: { sender, recipient }, indexes: false })
        .then((r) => {
          item.record = r.record as Record<string, unknown>;
        }),
    );
    const values: Array<[string, string]> = [
      [sender, parcel.sender.name],
      [sender, parcel.sender.phone],
      [sender, parcel.sender.address],
      [recipient, parcel.recipient.name],
      [recipient, parcel.recipient.phone],
      [recipient, parcel.recipient.address],
      [`record:${recordId}`, JSON.stringify(parcel.lastScan)],
    ];
    for (const [s, v] of values)
      item.bare.push([s, Buffer.from(xseal(dekOf(s), EMPTY, Buffer.from(v))).toString('base64url')]);
    items.push(item);
    // Bounded in flight: durable stores batch the new keys' writes.
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  sealer.clearCache();
  return { items, keyring, indexKey, bareKeys, bareKek };
}

/**
 * The floor: each DEK read and unwrapped once (kept in a plain map for the run), each field
 * decoded and decrypted bare. Returns the fields opened.
 */
export function bareOpenAll(l: Listing, items: readonly Listed[] = l.items): number {
  const deks = new Map<string, Uint8Array>();
  let n = 0;
  for (const it of items) {
    for (const [s, f] of it.bare) {
      let k = deks.get(s);
      if (!k) {
        k = xopen(l.bareKek, Buffer.from(s), l.bareKeys.get(s)!);
        if (!k) throw new Error('bare unwrap failed');
        deks.set(s, k);
      }
      const pt = xopen(k, EMPTY, Buffer.from(f, 'base64url'));
      if (!pt) throw new Error('bare open failed');
      n += Buffer.from(pt.buffer, pt.byteOffset, pt.byteLength).toString('utf8').length > 0 ? 1 : 0;
    }
  }
  return n === items.length * FIELDS ? n : Number.NaN;
}

export const PAGE = 50;

/** Opens the listing page by page with `vault.openMany` (what a list screen or an export does). */
export async function openPages(
  v: { openMany: ReturnType<typeof createVault>['openMany'] },
  l: Listing,
  page = PAGE,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < l.items.length; i += page) {
    const items = l.items.slice(i, i + page).map((it) => ({ record: it.record, recordId: it.recordId }));
    n += (await v.openMany(ListedParcel, items)).length;
  }
  return n;
}

/**
 * The floor of a listing whose wrapped keys live in a database: page by page, one bare query for
 * the keys the page needs that this run has not read yet (`fetch`), then bare unwrap and decrypt.
 */
export async function barePages(
  l: Listing,
  fetch: (ids: string[]) => Promise<Map<string, Uint8Array>>,
  page = PAGE,
): Promise<number> {
  const deks = new Map<string, Uint8Array>();
  let n = 0;
  for (let i = 0; i < l.items.length; i += page) {
    const items = l.items.slice(i, i + page);
    const need = new Set<string>();
    for (const it of items) for (const [s] of it.bare) if (!deks.has(s)) need.add(s);
    const wrapped = need.size > 0 ? await fetch([...need]) : new Map<string, Uint8Array>();
    for (const [s, w] of wrapped) {
      const k = xopen(l.bareKek, Buffer.from(s), w);
      if (!k) throw new Error('bare unwrap failed');
      deks.set(s, k);
    }
    for (const it of items)
      for (const [s, f] of it.bare) {
        const pt = xopen(deks.get(s)!, EMPTY, Buffer.from(f, 'base64url'));
        if (!pt) throw new Error('bare open failed');
        n += Buffer.from(pt.buffer, pt.byteOffset, pt.byteLength).toString('utf8').length > 0 ? 1 : 0;
      }
  }
  return n;
}

/** Records/s of `run` (median of `rounds`), each round against a fresh vault, interleaved with the floor. */
export async function coldRatio(
  rounds: number,
  ours: () => Promise<unknown>,
  floor: () => unknown,
  records: number,
): Promise<{ ours: number; floor: number }> {
  const a: number[] = [];
  const f: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    await ours();
    a.push((records * 1000) / (performance.now() - t));
    t = performance.now();
    await floor();
    f.push((records * 1000) / (performance.now() - t));
  }
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  return { ours: med(a), floor: med(f) };
}

/** A store wrapper counting key reads (each id of a getMany counts), to report how many DEKs a run unwrapped. */
export function countingStore(s: SubjectKeyStore): SubjectKeyStore & { reads: number } {
  const c = {
    reads: 0,
    get: (id: string) => {
      c.reads++;
      return s.get(id);
    },
    ...(s.getMany
      ? {
          getMany: (ids: readonly string[]) => {
            c.reads += ids.length;
            return s.getMany!(ids);
          },
        }
      : {}),
    create: s.create.bind(s),
    compareAndSet: s.compareAndSet.bind(s),
    list: s.list.bind(s),
  };
  return c;
}
