// What the number-context tests read of detect(): the phones it reports, or every number-shaped
// finding as kind:value.
import { detect } from 'courier-pii/mask';

/** The findings of one kind detect() reports in `text`, as their text. */
export function found(text: string, kind: string): string[] {
  return detect(text)
    .filter((f) => f.kind === kind)
    .map((f) => text.slice(f.start, f.end));
}

/** The phones detect() reports in `text`, as their text. */
export function phones(text: string): string[] {
  return found(text, 'phone');
}

/** The phone-shaped findings of a text (phone, landline, ID and card numbers), as kind:value. */
export function numbers(text: string): string[] {
  return detect(text)
    .filter(
      (f) => f.kind === 'phone' || f.kind === 'landline' || f.kind === 'idNumber' || f.kind === 'bankCard',
    )
    .map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}
