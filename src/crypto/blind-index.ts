// Blind indexes (docs/formats.md, "Blind index"): HMAC-SHA256 under a per-kind key derived
// from the index key with HKDF, over the kind's normalized value, truncated, base64url.
import { toBase64url, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { type Kind, kindSpecs, normalizeFor } from '../schema/index.js';
import type { Backend, HmacFn } from './backend.js';

const EMPTY = new Uint8Array(0);

/** @internal */
export class BlindIndexer {
  private readonly keys = new Map<string, HmacFn>();
  constructor(
    private readonly backend: Backend,
    private readonly indexKey: Uint8Array,
    private readonly bytes: number,
  ) {
    if (!Number.isInteger(bytes) || bytes < 4 || bytes > 32) {
      throw new PiiError('INVALID_ARGUMENT', 'indexBytes must be an integer from 4 to 32.');
    }
  }

  /** Whether values of this kind can be indexed (the kind has a string normal form). */
  static indexable(kind: string): kind is Kind {
    return (kindSpecs as Record<string, { normalize?: unknown }>)[kind]?.normalize !== undefined;
  }

  private mac(kind: string): HmacFn {
    let f = this.keys.get(kind);
    if (!f) {
      // One key per kind so equal values of different kinds never share an index.
      const k = this.backend.hkdf(this.indexKey, EMPTY, utf8(`cpii-bi1/${kind}`), 32);
      f = this.backend.hmacKeyed(k);
      k.fill(0);
      this.keys.set(kind, f);
    }
    return f;
  }

  /** `bi1.` + base64url(HMAC(kindKey, normalizeFor(kind, value))[0..bytes]). */
  compute(kind: Kind, value: string): string {
    const norm = normalizeFor(kind, value);
    const tag = this.mac(kind)(norm);
    return `bi1.${toBase64url(tag.subarray(0, this.bytes))}`;
  }
}
