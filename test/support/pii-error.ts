// The code and message of the PiiError that `f` throws (the key-file tests check both: a stable
// code and a message that says what to do); anything else, or no throw, fails the test.
import { isPiiError } from 'courier-pii';

export function codeAndMessage(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isPiiError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a PiiError');
}
