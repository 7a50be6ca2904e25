// Free text is sealed by default (issue 24): a delivery note holding a phone, an ID number and an
// address leaves nothing of them in clear; with onSeal 'redact' only masked values are in clear
// (docs/formats.md, "Redacted free text"; docs/concepts.md, "Free text").
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { redact } from 'courier-pii/mask';
import { classify, pii, redactedText } from 'courier-pii/schema';
import { memoryProgressStore } from 'courier-pii/stores';
import { SUITES, testVault } from './helpers.js';

const PHONE = '13812345678';
const ID = '110105199003071239';
const ADDRESS = '北京市朝阳区建国路88号';
const NOTE = `放门口，电话${PHONE}，代收人身份证${ID}，改送${ADDRESS}`;
// Fragments that must never appear in clear: the numbers, and the street with its house number.
const PLAINTEXT = [PHONE, ID, '建国路88号', '建国路', '12345678', '0307123'];
const redactText = (text: string) => redact(text).text;

const Default = z.object({ recipientId: z.string(), note: pii.freeText() });
const Redacting = z.object({ recipientId: z.string(), note: pii.freeText({ onSeal: 'redact' }) });
const Clear = z.object({ recipientId: z.string(), note: pii.freeText({ level: 'internal' }) });

describe.each(SUITES)('free text sealed by default (suite %s)', (suite) => {
  it('defaults to sensitive: the sealed record holds no phone, ID number or address of the note', async () => {
    expect(classify(Default)[1]).toEqual({ path: 'note', level: 'sensitive', kind: 'freeText' });
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Default, { recipientId: 'r-1', note: NOTE }, { recordId: 'P1' });
    expect(record.note).toMatch(/^cpii1\.[A-Za-z0-9_-]+$/);
    const stored = JSON.stringify(record);
    for (const p of PLAINTEXT) expect(stored).not.toContain(p);
    expect((await vault.open(Default, record, { recordId: 'P1' })).note).toBe(NOTE);
  });

  it("{ level: 'internal' } keeps the old behaviour: the note in clear", async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Clear, { recipientId: 'r-1', note: NOTE }, { recordId: 'P1' });
    expect(record.note).toBe(NOTE);
  });
});

describe.each(SUITES)("free text sealed with onSeal: 'redact' (suite %s)", (suite) => {
  it('stores the redaction in clear and seals the original: only masked values in clear', async () => {
    const { vault } = testVault({ suite, redactText });
    const { record, indexes } = await vault.seal(
      Redacting,
      { recipientId: 'r-1', note: NOTE },
      { recordId: 'P1' },
    );
    expect(Object.keys(record.note).sort()).toEqual(['redacted', 'sealed']);
    expect(record.note.sealed).toMatch(/^cpii1\.[A-Za-z0-9_-]+$/);
    expect(record.note.redacted).toBe(redact(NOTE).text);
    expect(record.note.redacted).toBe(
      '放门口，电话138****5678，代收人身份证1****************9，改送北京市朝阳区****',
    );
    const stored = JSON.stringify(record);
    for (const p of PLAINTEXT) expect(stored).not.toContain(p);
    // Searchable: the clear member is plain text, and the blind index is the note's, as before.
    expect(record.note.redacted).toContain('放门口');
    expect(indexes.note).toBe(vault.blindIndex('freeText', NOTE));
    expect(redactedText(record.note)).toBe(record.note.redacted);
    // Opening returns the original.
    expect((await vault.open(Redacting, record, { recordId: 'P1' })).note).toBe(NOTE);
  });

  it('seals the same ciphertext form as the default: either schema opens the other’s records', async () => {
    const { vault } = testVault({ suite, redactText });
    const plain = await vault.seal(Default, { recipientId: 'r-1', note: NOTE }, { recordId: 'P1' });
    const companion = await vault.seal(Redacting, { recipientId: 'r-1', note: NOTE }, { recordId: 'P2' });
    // Old records (a bare ciphertext) open under the redacting schema, and back.
    expect((await vault.open(Redacting, plain.record as never, { recordId: 'P1' })).note).toBe(NOTE);
    expect((await vault.open(Default, companion.record as never, { recordId: 'P2' })).note).toBe(NOTE);
    // Choosing onSeal does not change the derived schema id (it is not part of the classification digest).
    const inner = await vault.open(
      Default,
      { recipientId: 'r-1', note: companion.record.note.sealed },
      { recordId: 'P2' },
    );
    expect(inner.note).toBe(NOTE);
    // The same through a page (vault.openMany), where the plan reads the key ids first.
    const page = await vault.openMany(Default, [
      { record: companion.record as never, recordId: 'P2' },
      { record: plain.record, recordId: 'P1' },
    ]);
    expect(page.map((r) => r.note)).toEqual([NOTE, NOTE]);
  });

  it('fails closed: anything but exactly { redacted, sealed } with a valid ciphertext is refused', async () => {
    const { vault } = testVault({ suite, redactText });
    const { record } = await vault.seal(Redacting, { recipientId: 'r-1', note: NOTE }, { recordId: 'P1' });
    const other = await vault.seal(
      Redacting,
      { recipientId: 'r-1', note: '请放物业前台' },
      { recordId: 'P2' },
    );
    const bad: unknown[] = [
      NOTE, // the original in clear where a sealed value belongs
      record.note.redacted,
      { ...record.note, extra: 1 },
      { redacted: record.note.redacted },
      { sealed: record.note.sealed },
      { redacted: record.note.redacted, sealed: 'not a ciphertext' },
      { redacted: 42, sealed: record.note.sealed },
      { redacted: record.note.redacted, sealed: other.record.note.sealed }, // moved from another record
      [record.note.redacted, record.note.sealed],
      Object.assign(Object.create({ redacted: record.note.redacted }), { sealed: record.note.sealed }),
    ];
    for (const note of bad) {
      await expect(
        vault.open(Redacting, { ...record, note } as never, { recordId: 'P1' }),
      ).rejects.toMatchObject({
        code: 'CIPHERTEXT_INVALID',
      });
    }
  });

  it('a note that looks like a ciphertext is text, and a ciphertext is never shown as a note', async () => {
    const { vault } = testVault({ suite, redactText });
    const { record } = await vault.seal(
      Redacting,
      { recipientId: 'r-1', note: 'cpii1.AAAA' },
      { recordId: 'P1' },
    );
    expect(record.note.redacted).toBe('cpii1.AAAA');
    expect(record.note.sealed).not.toBe('cpii1.AAAA');
    expect((await vault.open(Redacting, record, { recordId: 'P1' })).note).toBe('cpii1.AAAA');
    // A bare ciphertext has no redacted text to show.
    expect(redactedText(record.note.sealed)).toBeUndefined();
    expect(redactedText({ ...record.note, sealed: 'plain text' })).toBeUndefined();
  });

  it('needs a redactor, checked before any key is created; redactText must return a string', async () => {
    const { vault, keyStore } = testVault({ suite });
    await expect(
      vault.seal(Redacting, { recipientId: 'r-1', note: NOTE }, { recordId: 'P1' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('redactText') });
    let keys = 0;
    for await (const _ of keyStore.list()) keys++;
    expect(keys).toBe(0);
    const { vault: v2 } = testVault({ suite, redactText: (() => undefined) as never });
    const e = await v2
      .seal(Redacting, { recipientId: 'r-1', note: NOTE }, { recordId: 'P1' })
      .catch((x) => x);
    expect(e).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(String(e.message)).not.toContain(PHONE);
    // A redactor that throws (its error quoting the text) is refused without passing its message on.
    const { vault: v3 } = testVault({
      suite,
      redactText: (t) => {
        throw new Error(`cannot redact ${t}`);
      },
    });
    const thrown = await v3
      .seal(Redacting, { recipientId: 'r-1', note: NOTE }, { recordId: 'P1' })
      .catch((x) => x);
    expect(thrown).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(String(thrown.message)).not.toContain(PHONE);
    expect(() => testVault({ suite, redactText: 'yes' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('refuses onSeal values it does not know, and onSeal below the sensitive level', () => {
    for (const opts of [
      { onSeal: 'mask' },
      { onSeal: true },
      { onSeal: 'redact', level: 'internal' },
      { onSeal: 'redact', level: 'public' },
    ])
      expect(() => pii.freeText(opts as never)).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }));
    expect(classify(z.object({ n: pii.freeText({ onSeal: 'redact' }) }))[0]).toEqual({
      path: 'n',
      level: 'sensitive',
      kind: 'freeText',
      onSeal: 'redact',
    });
  });
});

describe.each(SUITES)('migrating notes stored in clear under the old default (suite %s)', (suite) => {
  // The old default was internal: notes were stored in clear. A schema that pins the old level
  // has the old classification, hence the old derived schema id, so every field still opens.
  const Old = z.object({ phone: pii.phone(), note: pii.freeText({ level: 'internal' }) });
  const New = z.object({ phone: pii.phone(), note: pii.freeText() });

  it('an old record does not open under the new schema (a clear note is never taken as sealed)', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Old, { phone: PHONE, note: NOTE }, { recordId: 'P1' });
    expect(record.note).toBe(NOTE);
    await expect(vault.open(New, record as never, { recordId: 'P1' })).rejects.toMatchObject({
      code: 'CIPHERTEXT_INVALID',
    });
  });

  it('re-seals with the documented path: open with the old level, seal with the new schema', async () => {
    const { vault } = testVault({ suite, redactText });
    const { record } = await vault.seal(Old, { phone: PHONE, note: NOTE }, { recordId: 'P1' });
    // docs/operations.md, "Re-sealing free text stored under the old default"
    const plain = await vault.open(Old, record, { recordId: 'P1' });
    const resealed = (await vault.seal(New, plain, { recordId: 'P1' })).record;
    expect(resealed.note).toMatch(/^cpii1\./);
    for (const p of PLAINTEXT) expect(JSON.stringify(resealed)).not.toContain(p);
    expect(await vault.open(New, resealed, { recordId: 'P1' })).toEqual({ phone: `+86${PHONE}`, note: NOTE });
  });

  it('re-seals notes alone under a pinned schema id, resumably (docs/operations.md)', async () => {
    const OldParcel = pii.id('parcel/v1', Old);
    const NewParcel = pii.id(
      'parcel/v1',
      z.object({ phone: pii.phone(), note: pii.freeText({ onSeal: 'redact' }) }),
    );
    const { vault } = testVault({ suite, redactText });
    const table = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < 5; i++) {
      const id = `P-${i}`;
      table.set(
        id,
        (await vault.seal(OldParcel, { phone: PHONE, note: `${NOTE} #${i}` }, { recordId: id })).record,
      );
    }
    const progress = memoryProgressStore();
    const JOB = 'reseal:note';
    let sealCalls = 0;
    // The loop of docs/operations.md; `stopAfter` simulates a crash.
    async function job(stopAfter: number) {
      const saved = await progress.get(JOB);
      let { after, done } = (saved?.value as { after: string; done: number } | undefined) ?? {
        after: '',
        done: 0,
      };
      let revision = saved?.revision ?? 0;
      for (const [id, record] of [...table].filter(([k]) => k > after).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (done >= stopAfter) return;
        const note = record.note;
        if (typeof note === 'string' && !note.startsWith('cpii1.')) {
          sealCalls++;
          const sealed = await vault.sealValue(note, { schemaId: 'parcel/v1', path: 'note', recordId: id });
          table.set(id, { ...record, note: { redacted: redact(note).text, sealed } });
        }
        after = id;
        done++;
        revision = (await progress.put(JOB, { after, done }, { expectedRevision: revision })).revision;
      }
    }
    await job(2);
    await job(Number.POSITIVE_INFINITY);
    expect(sealCalls).toBe(5);
    expect((await progress.get(JOB))?.value).toEqual({ after: 'P-4', done: 5 });
    for (const [id, record] of table) {
      for (const p of PLAINTEXT) expect(JSON.stringify(record)).not.toContain(p);
      expect(await vault.open(NewParcel, record as never, { recordId: id })).toEqual({
        phone: `+86${PHONE}`,
        note: `${NOTE} #${id.slice(2)}`,
      });
    }
  });
});
