// Builds tokens the public API refuses to build (widening blocks, wrong signers, re-ordered
// chains) straight from the wire format, so tests can check that verify rejects them.
import { fromBase64url, toBase64url } from '../../src/_internal/bytes.js';
import { nodeEd25519 } from '../../src/consent/ed25519.js';
import {
  type AttenuationPayload,
  type Block,
  type Token,
  blockMessage,
  decodeToken,
  encodeAttenuation,
  encodeToken,
  nextHash,
  suiteFor,
} from '../../src/consent/format.js';

const b = nodeEd25519!;

export function parse(token: string): Token {
  return decodeToken(fromBase64url(token)!, b);
}

export function serialize(t: Token): string {
  return toBase64url(encodeToken(t));
}

/**
 * Appends a block with any payload. `signer` defaults to the holder's secret (a legitimate
 * signature over an illegitimate payload); pass another secret to sign with the wrong key.
 */
export function appendRaw(
  token: string,
  payload: AttenuationPayload | Uint8Array,
  opts: { signer?: Uint8Array; nextSecret?: Uint8Array } = {},
): string {
  const t = parse(token);
  if (t.proof.kind !== 'open') throw new Error('sealed');
  const prev = t.blocks[t.blocks.length - 1]!;
  // the token's own suite (Ed25519 + SHA-256, or SM2 + SM3 in version 3)
  const s = suiteFor(t.version, b);
  const nextSecret = opts.nextSecret ?? s.newSecret(b.randomBytes);
  const unsigned = {
    payload: payload instanceof Uint8Array ? payload : encodeAttenuation(payload),
    next: s.publicKey(nextSecret),
    nextHash: nextHash(s, nextSecret),
  };
  const sig = s.sign(opts.signer ?? t.proof.secret, blockMessage(t, t.blocks.length, prev.sig, unsigned));
  const blk: Block = { ...unsigned, sig };
  return serialize({ ...t, blocks: [...t.blocks, blk], proof: { kind: 'open', secret: nextSecret } });
}

/** Rebuilds a token with its blocks rearranged (the proof is kept). */
export function withBlocks(token: string, pick: (blocks: Block[]) => Block[], secret?: Uint8Array): string {
  const t = parse(token);
  const proof = secret ? { kind: 'open' as const, secret } : t.proof;
  return serialize({ ...t, blocks: pick(t.blocks), proof });
}
