// SM2 checkpoints (docs/audit.md, "SM2 keys"; docs/formats.md, "Signature algorithms"): the
// algorithm is read from the checkpoint, a key of the other kind never verifies it, the frozen
// SM2 vector keeps verifying, and an SM2 signature verifies with an independent implementation
// (sm-crypto-v2, default signer id).
import { readFileSync } from 'node:fs';
import { sm2 as ref } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  type AuditCheckpoint,
  checkpointMessage,
  createAuditLog,
  memorySink,
  verifyAuditLog,
  verifyCheckpoint,
} from 'courier-pii/audit';
import { fromBase64url, fromHex, toHex } from '../../src/_internal/bytes.js';
import { SIGNING_ALGS, keyFor, otherAlg } from '../support/signing-algs.js';
import { sampleEvent, stepClock } from './helpers.js';

const V = JSON.parse(
  readFileSync(new URL('../vectors/audit/sm2-checkpoint.json', import.meta.url), 'utf8'),
) as {
  signingKey: { secretKey: string; publicKey: string };
  checkpoint: AuditCheckpoint;
  messageHex: string;
};

async function signedLog(key: ReturnType<typeof keyFor>) {
  const sink = memorySink();
  const log = createAuditLog({ sink, signingKey: key, clock: stepClock() });
  for (let i = 0; i < 3; i++) await log.append(sampleEvent(i));
  return { entries: sink.entries, checkpoint: await log.checkpoint(), log };
}

describe.each(SIGNING_ALGS)('%s checkpoints: the algorithm comes from the checkpoint', (alg) => {
  it('marks SM2 checkpoints alg: sm2 and leaves Ed25519 ones without alg (the bytes of before)', async () => {
    const { checkpoint } = await signedLog(keyFor(alg));
    if (alg === 'sm2') expect(checkpoint.alg).toBe('sm2');
    else expect('alg' in checkpoint).toBe(false);
  });

  it('a public key of the other algorithm refuses the checkpoint, and so does the verifier', async () => {
    const key = keyFor(alg);
    const { entries, checkpoint } = await signedLog(key);
    const other = keyFor(otherAlg(alg)).publicKey;
    expect(verifyCheckpoint(checkpoint, key.publicKey)).toBe(true);
    expect(verifyCheckpoint(checkpoint, other)).toBe(false);
    expect(verifyAuditLog(entries, { publicKey: other, checkpoint })).toMatchObject({
      ok: false,
      failure: 'checkpoint-signature',
    });
  });

  it('relabelling the algorithm breaks the signature (the label is signed through the domain tag)', async () => {
    const key = keyFor(alg);
    const { checkpoint } = await signedLog(key);
    const relabelled: AuditCheckpoint =
      alg === 'sm2' ? (({ alg: _a, ...rest }) => rest)(checkpoint) : { ...checkpoint, alg: 'sm2' };
    expect(verifyCheckpoint(relabelled, key.publicKey)).toBe(false);
    expect(verifyCheckpoint({ ...checkpoint, alg: 'ed448' as never }, key.publicKey)).toBe(false);
  });
});

describe('SM2 checkpoints', () => {
  it('the frozen SM2 checkpoint verifies byte for byte, and its message is the documented layout', () => {
    const pk = fromHex(V.signingKey.publicKey);
    expect(toHex(checkpointMessage(V.checkpoint))).toBe(V.messageHex);
    expect(verifyCheckpoint(V.checkpoint, pk)).toBe(true);
    expect(verifyCheckpoint({ ...V.checkpoint, size: V.checkpoint.size + 1 }, pk)).toBe(false);
  });

  it('an SM2 checkpoint signature verifies with sm-crypto-v2 (default signer id 1234567812345678)', async () => {
    const key = keyFor('sm2');
    const { checkpoint } = await signedLog(key);
    const sig = toHex(fromBase64url(checkpoint.sig!)!);
    const msg = checkpointMessage(checkpoint);
    expect(ref.doVerifySignature(msg, sig, toHex(key.publicKey), { hash: true })).toBe(true);
    expect(ref.doVerifySignature(msg, sig, toHex(key.publicKey), { hash: true, userId: 'another-id' })).toBe(
      false,
    );
  });

  it('accepts an external SM2 signer and refuses one that signs with another key', async () => {
    const key = keyFor('sm2');
    const good = createAuditLog({
      sink: memorySink(),
      signingKey: {
        publicKey: key.publicKey,
        sign: (m: Uint8Array) => fromHex(ref.doSignature(m, toHex(key.secretKey), { hash: true })),
      },
    });
    const cp = await good.checkpoint();
    expect(cp.alg).toBe('sm2');
    expect(verifyCheckpoint(cp, key.publicKey)).toBe(true);
    const other = keyFor('sm2');
    const bad = createAuditLog({
      sink: memorySink(),
      signingKey: {
        publicKey: key.publicKey,
        sign: (m: Uint8Array) => fromHex(ref.doSignature(m, toHex(other.secretKey), { hash: true })),
      },
    });
    await expect(bad.checkpoint()).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });

  it('refuses an SM2 secret key out of range and a public key of neither kind, without echoing bytes', () => {
    const n = fromHex('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123');
    expect(() => createAuditLog({ sink: memorySink(), signingKey: { alg: 'sm2', secretKey: n } })).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
    expect(() => verifyCheckpoint(V.checkpoint, new Uint8Array(64))).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
    try {
      createAuditLog({ sink: memorySink(), signingKey: { alg: 'sm2', secretKey: n } });
    } catch (e) {
      expect(String((e as Error).message)).not.toContain(toHex(n).slice(0, 16));
    }
  });
});
