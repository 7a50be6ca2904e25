// Replacing findings in text. Kept free of any crypto import so that masking stays usable in
// a browser bundle without ciphers; the pseudonym mode plugs in through `pseudonymizer`.
import { PiiError } from '../errors.js';
import type { Kind } from '../schema/index.js';
import { maskAddress } from './address.js';
import { maskBankCard } from './bank-card.js';
import { addressPrefixEnd } from './detect-address.js';
import { type DetectOptions, type Finding, type ValueHint, detectRun } from './detect.js';
import { maskIdNumber, maskPassport } from './document.js';
import { maskEmail } from './email.js';
import { maskGeo } from './geo.js';
import { maskLandline, plainLandlineHiddenFrom } from './landline.js';
import { maskIp, maskPickupCode } from './misc.js';
import { maskName } from './name.js';
import { type MaskOptions, maskCharOf } from './options.js';
import { hideAll, isPlainMobile, maskPhone } from './phone.js';

/** How {@link redact} replaces what it finds. */
export type RedactMode = 'mask' | 'label' | 'pseudonym';

/** Result of {@link redact}: the new text and what was replaced (offsets into the input). */
export interface RedactResult {
  text: string;
  findings: Finding[];
}

/** @internal */
export type Pseudonymizer = (value: string, kind: Kind) => string;

const LABELS: Partial<Record<Kind, string>> = {
  name: '[NAME]',
  phone: '[PHONE]',
  landline: '[LANDLINE]',
  address: '[ADDRESS]',
  idNumber: '[ID_NUMBER]',
  passport: '[PASSPORT]',
  email: '[EMAIL]',
  bankCard: '[BANK_CARD]',
  pickupCode: '[PICKUP_CODE]',
  geo: '[GEO]',
  ip: '[IP]',
};

function maskFinding(kind: Kind, v: string, o: MaskOptions | undefined): string {
  switch (kind) {
    case 'name':
      return maskName(v, o);
    case 'phone':
      return maskPhone(v, o);
    case 'landline':
      return maskLandline(v, o);
    case 'address':
      return maskAddress(v, o);
    case 'idNumber':
      return maskIdNumber(v, o);
    case 'passport':
      return maskPassport(v, o);
    case 'email':
      return maskEmail(v, o);
    case 'bankCard':
      return maskBankCard(v, o);
    case 'geo':
      return maskGeo(v);
    case 'ip':
      return maskIp(v, o);
    case 'pickupCode':
      return maskPickupCode(v, o);
    default:
      return hideAll(v, maskCharOf(o));
  }
}

/**
 * An address just found by detect, masked with default options: the administrative prefix
 * that detection matched, then `****` (what maskAddress returns, without matching it again).
 */
function maskFoundAddress(text: string, start: number, end: number): string {
  const p = addressPrefixEnd(start, end);
  return p === -1 ? maskAddress(text.slice(start, end)) : `${text.slice(start, p)}****`;
}

// runs of the default mask character, by length (a landline hides 1-4 digits, a mobile and an
// address tail 4)
const STARS = ['', '*', '**', '***', '****'];

/**
 * Where the default mask of finding `f` starts hiding characters for the three commonest cases,
 * or -1 for any other (which takes the masker): a bare 11-digit mobile (maskPhone: 138****5678)
 * and a plain landline (maskLandline: 021-****5678), whose hidden stretch ends before their last
 * four digits, and an address whose prefix detection found (maskFoundAddress: the prefix, then
 * ****, the rest dropped). The tests are the maskers' own fast paths, so the output is the same
 * either way.
 */
function plainHiddenFrom(text: string, f: Finding): number {
  if (f.kind === 'phone') return isPlainMobile(text, f.start, f.end) ? f.start + 3 : -1;
  if (f.kind === 'landline') return plainLandlineHiddenFrom(text, f.start, f.end - f.start);
  if (f.kind === 'address') return addressPrefixEnd(f.start, f.end);
  return -1;
}

/** @internal redact with an optional pseudonymizer (pseudonym mode) */
export function redactWith(
  text: string,
  mode: RedactMode,
  maskOpts: MaskOptions | undefined,
  detectOpts: DetectOptions | undefined,
  pseudonymizer: Pseudonymizer | undefined,
  hint?: ValueHint,
): RedactResult {
  if (typeof text !== 'string') throw new PiiError('INVALID_ARGUMENT', 'text must be a string.');
  if (mode !== 'mask' && mode !== 'label' && mode !== 'pseudonym') {
    throw new PiiError('INVALID_ARGUMENT', "mode must be 'mask', 'label' or 'pseudonym'.");
  }
  if (maskOpts) maskCharOf(maskOpts);
  const run = detectRun(text, detectOpts, hint);
  const findings = run.findings;
  if (findings.length === 0) return { text, findings };
  const plain = mode === 'mask' && maskOpts === undefined;
  let out = '';
  let last = 0;
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k]!;
    if (plain) {
      // the common masks written into the output in place: the text up to the hidden stretch,
      // the stars, and the kept tail read with the text after it
      const from = plainHiddenFrom(text, f);
      if (from !== -1) {
        // (an address keeps nothing after its stars; a number keeps its last four digits)
        const address = f.kind === 'address';
        out += text.slice(last, from);
        out += STARS[address ? 4 : f.end - 4 - from]!;
        last = address ? f.end : f.end - 4;
        continue;
      }
    }
    const v = text.slice(f.start, f.end);
    out += text.slice(last, f.start);
    if (mode === 'label') out += LABELS[f.kind] ?? `[${f.kind.toUpperCase()}]`;
    else if (mode === 'pseudonym') {
      // the value as detection read it (digits of other scripts, hidden characters removed),
      // so a disguised number gets the same pseudonym as the plain one
      const n = run.inNormalized?.[k];
      out += pseudonymizer!(n ? run.normalized!.slice(n.start, n.end) : v, f.kind);
    } else if (f.kind === 'address' && maskOpts === undefined) out += maskFoundAddress(text, f.start, f.end);
    else out += maskFinding(f.kind, v, maskOpts);
    last = f.end;
  }
  return { text: out + text.slice(last), findings };
}
