// docs/formats.md ("Consent token"): scope paths are written in ascending UTF-16 order, the order
// JavaScript compares strings in, which a second implementation must reproduce.
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/_internal/bytes.js';
import { nobleEd25519 } from '../../src/consent/ed25519.js';
import { decodeRoot, decodeToken } from '../../src/consent/format.js';
import { grant } from '../../src/consent/index.js';
import { pickupGrant } from './helpers.js';

describe('consent scope order on the wire', () => {
  it('sorts paths by UTF-16 code units, not by UTF-8 bytes', async () => {
    // U+1F600 is a surrogate pair (D83D DE00) and sorts before U+E000 by UTF-16 code units,
    // after it by UTF-8 bytes (F0 9F … against EE 80 80)
    const scope = { 'z\uE000': 'allow', 'z\u{1F600}': 'mask', a: 'allow' } as const;
    const g = await grant(pickupGrant({ scope }));
    const t = decodeToken(fromBase64url(g.token)!, nobleEd25519);
    const root = decodeRoot(t.blocks[0]!.payload);
    expect(root.scope.map(([p]) => p)).toEqual(['a', 'z\u{1F600}', 'z\uE000']);
  });
});
