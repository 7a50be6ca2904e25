// A database's own error about a value, pasted into a log: MySQL's `Duplicate entry 'V' for key
// 'T.uk_waybill_no'` names the unique index the value broke, and an index is named after its
// columns (uk_waybill_no, idx_receiver_mobile, waybill_no_UNIQUE). The value is read with the key
// of those columns, like a table cell under its header: under an index of waybills or orders it
// is no one's data, under one of mobiles it is a phone. An index that names no column (PRIMARY)
// says nothing. (PostgreSQL writes `Key (waybill_no)=(V)`, which the key reader reads as a pair.)
// Cost: one search for the message's words, then a bounded read per message.
import type { Candidate } from './detect-numbers.js';
import { keyKind } from './structured-keys.js';
import { valueFindings } from './structured-values.js';

const DUPLICATE = /Duplicate entry '([^'\n]{1,128})' for key '([^'\n]{1,128})'/gy;
// the words an index name wraps its columns in (uk_, idx_, _UNIQUE ...)
const INDEX_PREFIX = /^(?:uk|uq|uniq|unique|ux|udx|idx|ix|index|key|u|pk|fk)_/i;
const INDEX_SUFFIX = /_(?:uk|uq|uniq|unique|ux|udx|idx|ix|index|key)$/i;

/** @internal The columns an index name t names (t_waybill.uk_waybill_no: waybill_no). */
export function indexColumns(index: string): string {
  const name = index.slice(index.lastIndexOf('.') + 1);
  return name.replace(INDEX_PREFIX, '').replace(INDEX_SUFFIX, '');
}

/**
 * @internal Values of MySQL duplicate-entry errors read with the key their index names; values
 * under an index of non-personal numbers go to `negatives` (start, end pairs).
 */
export function duplicateEntries(t: string, out: Candidate[], negatives: number[]): void {
  for (let p = t.indexOf('Duplicate entry'); p !== -1; p = t.indexOf('Duplicate entry', p + 1)) {
    DUPLICATE.lastIndex = p;
    const m = DUPLICATE.exec(t);
    if (m === null) continue;
    const kind = keyKind(indexColumns(m[2]!));
    const s = p + 17; // after "Duplicate entry '"
    const e = s + m[1]!.length;
    if (kind === 'negative') negatives.push(s, e);
    else if (kind !== undefined && kind !== 'email') valueFindings(t, s, e, kind, 'role', out);
    p = DUPLICATE.lastIndex - 1;
  }
}
