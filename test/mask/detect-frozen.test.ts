// Differential guard: detect() and redact() must give exactly the findings and output frozen in
// test/fixtures/detect-frozen.jsonl (written by test/fixtures/make-detect-frozen.ts from the
// implementation before the single-pass rewrite): corpus, hold-out, property-test and
// courier-flavoured texts, and redacted texts fed back in. Regenerated once since, when an
// address the library had already masked (a division name followed by ****) started to be
// found again as an address: only the 284 texts containing one changed. Regenerated again when
// (a) a masked email (z****@, *@) started to be found again as an email, (b) a '+' right after
// digits started a new number (1201+8613812345678), and (c) '-' or '/' after a whole mobile
// started to separate two numbers: of the 8,379 texts, 526 with a masked email and 73 with
// glued numbers changed, each checked to be one of these cases. Regenerated for issue 17: on
// the previous fixture's 8,379 texts, 231 changed their findings, each one of: a pickup code
// after 取件码 now found (142); an address that now ends before the key of the next field
// (Recipient:, to:, 地址：) or before a labelled order number (27); a Latin name next to a phone
// or ID (26); a number after 订单号/单号/运单 no longer a phone or landline (26); a name glued after
// a masked name no longer found (7); 'customer' now a weak context (2, confidence only). The
// second-pass texts follow the new redactions (69 replaced by 82; 8,393 texts in all).
// Regenerated for issue 17's class fixes: 14 texts changed, each one of: a name before 的快递 /
// 的包裹 now found (10); a Chinese name after "ship to" now found (2); 公司 before 电话 no longer
// a name (1); a landline after a full-width bracket now starts at the bracket (1). 8,394 texts.
// Then once more, when a Latin label word right after a Chinese one (收件人：Recipient:) stopped
// being read as a name: 6 texts changed, each losing only that name (8,392 texts with the
// second pass). And when '#' glued before a number made it a numbering, not a phone: 1 text.
// Regenerated when an address stopped running over a digit run of seven digits or more and over
// the label of another field (单号, 运单, 订单, 门卫, tracking), and courier words stopped making
// names: of the 8,392 texts, 308 changed their findings, each one of: an address that read a
// division or context word and a glued waybill, card or unchecked ID number as its street, now
// ending before that number or gone when nothing else was left (296, 7 of them also losing a
// name found only next to that address); 富里乡 no longer a name (7); a name now ending before
// 运单/订单 or read after 邮件 (4); 单府井 before a landline, read as a name once the address
// covering it was gone (1). The second-pass texts follow the new redactions (142 replaced by
// 96; 8,346 texts in all). Then, when a name glued before a division name stopped taking its
// first character (张三北京市 gives 张三): 6 texts changed, each gaining only that name (and one second-pass text
// follows the new redaction). Then, when an address run started to stop at a word moving the parcel
// to a second address (送到, 寄到, 寄往 ...): 3 generated texts changed, each an address now ending
// before 送到/寄到 (two found where the run used to fail, one nonsense address gone, and with it
// one name found again); their 2 second-pass texts follow the new redactions. Then, when a
// compound with a building number (阳光小区5栋2单元301) became an address without a division name or
// context word and role nouns (Recipient) stopped being Latin names: of the 8,346 texts, 139
// changed their findings, each one of: that compound now an address (136; 2 of them also gain
// the name before 先生 the compound now stops at); 'Recipient' no longer a name (3). The
// second-pass texts follow the new redactions (40 replaced by 48; 8,354 texts in all).
// Then, when pickup codes became found whatever their length and wherever a word is glued after
// them, and a Latin name glued after digits started to be found as after a '*' (so redacting
// twice changes nothing more): of the 8,354 texts, 29 changed their findings, each one of: a
// pickup code after 取件码 now found, or now ending before the glued word (18); a Latin name
// glued after a number now found (10); both (1). The second-pass texts follow (8,355 in all).
// Then, when romanized East Asian names standing in Chinese text and after ＠ started to be found:
// 31 texts gained only such a name (Wang Fang, John Smith), and their second-pass texts follow
// the new redactions (12 replaced by 18; 8,361 texts in all). Then, when a code right under its pickup word took the confidence 0.98 (so a phone
// read in the same digits gives way to it): those codes' confidence changed, nothing else.
// Then, when a Chinese name after a Latin label (Name:, Recipient:, to:, Mr., my name is) started
// to be found as after a Chinese one: 22 texts gained only such a name (钟晨, 沈强, 上官子涵 …), and
// their second-pass texts follow the new redactions (3 more; 8,364 texts in all).
// Then, when a Chinese address stopped taking a Latin word glued after its house or room number
// (…1201室Emily Chen) and a Latin name right after an address became a name: 9 texts changed,
// each one of: the address now ending before the Latin word, and the name after it found (6); a
// name now found instead of an address made of a label and a Latin word (1); an address no longer
// running into Latin words glued to it (2). Their second-pass texts follow (4 replaced).
// Then, when a Latin name's last word may run straight into digits (Wang Fang13812345678) and
// a number right after such a name starts there: of the 8,364 texts, 55 changed their
// findings, each one of: a Latin name pasted before a number now found, with that number
// (phone, landline, ID, card) now found too (48); a name that stopped at its first word now
// whole (Emily → Emily Chen, 4); a number after the name now taking its '+' or '(' (2); a
// label's address made of a name pasted on a version number now read whole again (1, after a
// first try lost it). Their second-pass texts follow the new redactions (8,369 texts in all).
// Then, when a Latin name that no word around marks started to be found on its own words (a
// listed given name and a surname, a romanized surname and given name: latin-names.ts
// ownEvidenceEnd): of the 8,369 texts, 122 changed their findings, each gaining only such a
// name glued to Chinese text or punctuation (John Smith 44, Emily Chen 42, Wang Fang 36); their
// second-pass texts follow the new redactions (43 replaced by 59; 8,385 texts in all).
// Then, when a full name right before an honorific (先生 女士 小姐 师傅) and the subject before a
// time word (明天) started to be found: of the 8,385 texts, 110 changed their findings, each
// gaining only such a name (杨秀英先生, 潘芳师傅, 吴娜娜女士: 108; 司马一鸣明天上午送: 2); their
// second-pass texts follow the new redactions (42 replaced by 53; 8,396 texts in all).
// Then, when a number of any plan after a phone word became a phone (labelled-phones.ts: 電話：
// 9321 6654): 2 generated texts changed, each gaining only the eight-digit local number glued
// after 电话 (电话45548244, 电话40411547); no second-pass text changed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';

interface Frozen {
  text: string;
  findings: [string, number, number, number][];
  redacted: string;
}

const path = new URL('../fixtures/detect-frozen.jsonl', import.meta.url);
const records = readFileSync(path, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Frozen);

describe('detect and redact against the frozen differential fixture', () => {
  it('covers thousands of texts with findings of every kind', () => {
    expect(records.length).toBeGreaterThan(5000);
    const kinds = new Set(records.flatMap((r) => r.findings.map((f) => f[0])));
    for (const k of [
      'name',
      'pickupCode',
      'phone',
      'landline',
      'address',
      'idNumber',
      'passport',
      'email',
      'bankCard',
      'geo',
      'ip',
    ])
      expect(kinds).toContain(k);
  });

  it('finds exactly the frozen findings in every text', () => {
    const diffs: string[] = [];
    for (const r of records) {
      const got = detect(r.text).map((f) => [f.kind, f.start, f.end, f.confidence]);
      if (JSON.stringify(got) !== JSON.stringify(r.findings)) diffs.push(r.text);
    }
    expect(diffs.slice(0, 5)).toEqual([]);
    expect(diffs.length).toBe(0);
  });

  it('redacts every text to exactly the frozen output', () => {
    const diffs: string[] = [];
    for (const r of records) if (redact(r.text).text !== r.redacted) diffs.push(r.text);
    expect(diffs.slice(0, 5)).toEqual([]);
    expect(diffs.length).toBe(0);
  });
});
