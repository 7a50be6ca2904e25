// Blind indexes (docs/formats.md, "Blind index"): HMAC-SHA256 under a per-kind key derived
// from the index key with HKDF, over the kind's normalized value, truncated, base64url. A GM-suite
// vault writes `bi2.` values: HMAC-SM3 under HKDF-SM3 per-kind keys, same layout.
import { toBase64url, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { type Kind, kindSpecs, normalizeFor } from '../schema/index.js';
import type { Backend } from './backend.js';
import type { GmBackend } from './gm/gm-backend.js';

const EMPTY = new Uint8Array(0);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * base64url of the first `n` bytes, from the base64url of all 32: the first ceil(4n/3) characters,
 * with the last one's bits that belong to byte n+1 cleared. Equals toBase64url(tag[0..n]).
 */
function truncateB64(full: string, n: number): string {
  const chars = Math.ceil((4 * n) / 3);
  const r = n % 3;
  if (r === 0) return full.slice(0, chars);
  const last = ALPHABET.indexOf(full[chars - 1]!) & (r === 1 ? 0x30 : 0x3c);
  return full.slice(0, chars - 1) + ALPHABET[last];
}

/** @internal */
export class BlindIndexer {
  private readonly keys = new Map<string, (msg: string) => string>();
  constructor(
    private readonly backend: Backend,
    private readonly indexKey: Uint8Array,
    private readonly bytes: number,
    private readonly gm?: GmBackend,
  ) {
    if (!Number.isInteger(bytes) || bytes < 4 || bytes > 32) {
      throw new PiiError('INVALID_ARGUMENT', 'indexBytes must be an integer from 4 to 32.');
    }
  }

  /** Whether values of this kind can be indexed (the kind has a string normal form). */
  static indexable(kind: string): kind is Kind {
    return (kindSpecs as Record<string, { normalize?: unknown }>)[kind]?.normalize !== undefined;
  }

  private mac(kind: string): (msg: string) => string {
    let f = this.keys.get(kind);
    if (!f && this.gm) {
      const gm = this.gm;
      const k = gm.hkdfSm3(this.indexKey, EMPTY, utf8(`cpii-bi2/${kind}`), 32);
      const mac = gm.hmacSm3Keyed(k);
      k.fill(0);
      f = (msg: string) => toBase64url(mac(msg));
      this.keys.set(kind, f);
    }
    if (!f) {
      // One key per kind so equal values of different kinds never share an index.
      const k = this.backend.hkdf(this.indexKey, EMPTY, utf8(`cpii-bi1/${kind}`), 32);
      f = this.backend.hmacKeyedB64(k);
      k.fill(0);
      this.keys.set(kind, f);
    }
    return f;
  }

  /** `bi1.` (`bi2.` under GM) + base64url(HMAC(kindKey, normalizeFor(kind, value))[0..bytes]). */
  compute(kind: Kind, value: string): string {
    const norm = normalizeFor(kind, value);
    return `${this.gm ? 'bi2.' : 'bi1.'}${truncateB64(this.mac(kind)(norm), this.bytes)}`;
  }
}
