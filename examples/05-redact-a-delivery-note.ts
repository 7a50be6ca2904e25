/**
 * Example 05: a customer typed personal data into a delivery note and a support chat. Find it,
 * then show the note three ways: masked for the courier's app, labelled for the support log,
 * pseudonymized for analytics (stable keyed tokens, so repeated numbers can still be counted).
 * Run: npx tsx examples/05-redact-a-delivery-note.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detect, redact } from 'courier-pii/mask';

// Synthetic: made-up names, random numbers, a computed resident ID with a valid check character.
export const note =
  '收件人：欧阳娜娜，电话13812345678，白天不在家放门口。送到山东省青岛市市南区香港中路61号金地广场3号楼1201室。' +
  '运单SF1381234567890，取件码3-2-1234，有事打座机021-12345678，身份证110105199003071239。';

export async function main() {
  const findings = detect(note);
  console.log('Found:');
  for (const f of findings)
    console.log(`  ${f.kind.padEnd(10)} [${f.start}, ${f.end})  confidence ${f.confidence}`);

  const masked = redact(note).text;
  const labelled = redact(note, { mode: 'label' }).text;
  // In production the key comes from your KMS; never a constant.
  const key = new Uint8Array(32).fill(42);
  const pseudonymized = redact(note, { mode: 'pseudonym', key }).text;

  console.log(`\nCourier app:\n  ${masked}`);
  console.log(`\nSupport log:\n  ${labelled}`);
  console.log(`\nAnalytics:\n  ${pseudonymized}`);
  return { findings, masked, labelled, pseudonymized };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
