// A tag the schema walk cannot follow is refused at the first use of the schema, by every
// module, never treated as untagged (docs/concepts.md, "Paths and types").
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { maskRecord, redactPaths } from '../../src/mask/index.js';
import { definePolicy } from '../../src/policy/index.js';
import { classify, pii } from '../../src/schema/index.js';

async function codeOf(f: () => unknown): Promise<string> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    return isPiiError(e) ? e.code : String(e);
  }
}

describe('a schema the walk refuses', () => {
  it('is refused by classify, seal, open, definePolicy, maskRecord and redactPaths alike', async () => {
    const S = z.object({ id: z.string(), later: z.promise(pii.phone()) });
    const vault = createVault({
      keyring: createKeyring({ keks: [{ id: 'k', key: generateKey() }], active: 'k' }),
      keyStore: memoryKeyStore(),
      indexKey: generateKey(),
    });
    const spec = {
      id: 'p',
      version: 1,
      purposes: ['delivery'],
      roles: ['courier'],
      rules: [
        { id: 'c', roles: ['courier'], fields: ['id'], grant: 'allow' as const, record: 'allow' as const },
      ],
    };
    const uses: Array<[string, () => unknown]> = [
      ['classify', () => classify(S)],
      [
        'seal',
        () => vault.seal(S, { id: 'x', later: Promise.resolve('13812345678') } as never, { recordId: 'R' }),
      ],
      ['open', () => vault.open(S, { id: 'x' }, { recordId: 'R' })],
      ['definePolicy', () => definePolicy(S, spec as never)],
      ['maskRecord', () => maskRecord(S, { id: 'x' })],
      ['redactPaths', () => redactPaths(S)],
    ];
    for (const [name, f] of uses) expect(await codeOf(f), name).toBe('SCHEMA_INVALID');
  });
});
