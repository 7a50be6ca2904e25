// Views of free text stored with its redaction (pii.freeText({ onSeal: 'redact' })) in every
// container of the generated matrix (test/support/containers.ts): a masking role sees the
// redaction and never the phone or a ciphertext, a reading role the original and never a
// ciphertext. Views do not show values inside maps and sets (of any kind); there they show nothing.
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/mask/index.js';
import { definePolicy, view } from '../../src/policy/index.js';
import { testVault } from '../crypto/helpers.js';
import { dump, leaked, redactingFreeTextCases, SAMPLES } from '../support/containers.js';

const original = SAMPLES.freeText.value as string;
const redacted = redact(original).text;

describe("views of onSeal: 'redact' free text in every container", () => {
  it('show the redaction to a masking role and the original to a reading role, never a ciphertext', async () => {
    const { vault } = testVault({ redactText: (t) => redact(t).text });
    const cases = redactingFreeTextCases().filter((c) => !c.sealRefused);
    expect(cases.length).toBeGreaterThan(400);
    const failures: string[] = [];
    let shown = 0;
    for (const c of cases) {
      const { record } = await vault.seal(c.schema, c.value as never, { recordId: 'R1' });
      const policy = definePolicy(c.schema, {
        id: 'p',
        version: 1,
        purposes: ['ops'],
        roles: ['masker', 'reader'],
        rules: [
          { id: 'm', roles: ['masker'], fields: ['**'], grant: 'mask', record: 'allow' },
          { id: 'r', roles: ['reader'], fields: ['**'], grant: 'allow', record: 'allow' },
        ],
      } as never);
      const as = (role: string) =>
        policy.decide({ actor: { id: `${role}-1`, roles: [role] }, purpose: 'ops', recordId: 'R1' } as never);
      const masked = dump(await view(vault, c.schema, record, as('masker'), { recordId: 'R1' }));
      const read = dump(await view(vault, c.schema, record, as('reader'), { recordId: 'R1' }));
      if (leaked(masked, c.sample)) failures.push(`${c.name}: the masked view shows the phone`);
      if (masked.includes('cpii1.') || read.includes('cpii1.'))
        failures.push(`${c.name}: a ciphertext is shown`);
      const inMapOrSet = c.chain.some((k) => k.name === 'map value' || k.name === 'set');
      if (inMapOrSet) continue;
      shown++;
      if (!masked.includes(redacted)) failures.push(`${c.name}: the masked view lacks the redaction`);
      if (!read.includes(original)) failures.push(`${c.name}: the reading view lacks the original`);
    }
    expect(shown).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });
});
