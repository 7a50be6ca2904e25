// Values a markup says are a person's: an XML element whose name is a person key
// (<receiverName>孙丽</receiverName>, <signer>王伟</signer>) or a pickup-code key (<qjm>2-4-1180</qjm>,
// <pickupCode>, <取件码>: a station's export writes its register as elements), and a name in 【】 or 「」 right after
// a person label (签收人【孙丽】, 派件员【王伟】). The element's or label's key is read as a
// structured key (structured-keys.ts) and its value as that key's value (structured-values.ts).
// Each element or bracket costs a bounded read: a tag name of at most 40 characters, a value of
// at most VALUE_MAX.
import type { Candidate } from './detect-numbers.js';
import { keyEndingAt, keyKind } from './structured-keys.js';
import { valueFindings } from './structured-values.js';

const VALUE_MAX = 64;
// <tag>value</tag> on one line, the closing tag naming the opening one
const ELEMENT = /<([A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff-]{0,39})>([^<>\n]{1,64})<\/\1>/g;

/** @internal Names and pickup codes in XML elements named by a person or pickup-code key. */
export function xmlElements(t: string, out: Candidate[]): void {
  ELEMENT.lastIndex = 0;
  for (let m = ELEMENT.exec(t); m; m = ELEMENT.exec(t)) {
    const kind = keyKind(m[1]!);
    if (kind !== 'name' && kind !== 'pickupCode') continue;
    const s = m.index + m[1]!.length + 2;
    valueFindings(t, s, s + m[2]!.length, kind, 'role', out);
  }
}

/** @internal Names in 【】 or 「」 right after a person label (签收人【孙丽】, 收件人「王伟」). */
export function bracketedNames(t: string, open: string, out: Candidate[]): void {
  const close = open === '【' ? 0x3011 : 0x300d;
  for (let p = t.indexOf(open); p !== -1; p = t.indexOf(open, p + 1)) {
    const key = keyEndingAt(t, p);
    if (key?.kind !== 'name') continue;
    const cap = Math.min(t.length, p + 1 + VALUE_MAX);
    let e = p + 1;
    while (e < cap && t.charCodeAt(e) !== close && t.charCodeAt(e) !== 10) e++;
    if (t.charCodeAt(e) !== close) continue;
    valueFindings(t, p + 1, e, 'name', 'role', out);
    p = e;
  }
}
