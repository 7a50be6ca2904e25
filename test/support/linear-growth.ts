// The linear-growth check every context rule's tests run: 64 times the text in one `redact` call
// must not take much more than 64 calls on the text once. A rule that rescans would take about 64
// times longer; the bound (8 times, plus a quarter second for a busy machine) leaves room for
// noise and still fails such a rule. Each time is the fastest of three tries.
import { expect } from 'vitest';
import { redact } from 'courier-pii/mask';

function fill(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** The fastest of three tries of `reps` calls of `f`, in milliseconds. */
export function fastest(f: () => unknown, reps: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

/** Asserts that `redact` of `unit` repeated to 64 Ki characters costs about 64 calls on 1 Ki. */
export function expectRedactLinear(unit: string): void {
  const k1 = fill(unit, 1024);
  const k64 = fill(unit, 65536);
  const t1 = fastest(() => redact(k1), 64);
  const t64 = fastest(() => redact(k64), 1);
  expect(t64).toBeLessThan(8 * t1 + 250);
}
