// node:fs without a static import, so `courier-pii/audit` still loads in browsers and edge
// runtimes; only the file sink and file verifier need it.
import type * as NodeFs from 'node:fs';
import { PiiError } from '../errors.js';
import { builtinModule } from '../_internal/builtin.js';

/** node:fs, or AUDIT_SINK_FAILED when the runtime has no file system. */
export function nodeFs(): typeof NodeFs {
  const fs = builtinModule<typeof NodeFs>('node:fs');
  if (!fs) {
    throw new PiiError(
      'AUDIT_SINK_FAILED',
      'File audit sinks need Node.js 20.16 or later (node:fs); use memorySink() or a database sink here.',
    );
  }
  return fs;
}

/** One line of a JSON Lines file, without its newline. */
export interface RawLine {
  text: string;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** False for a last line that has no newline (a torn write). */
  terminated: boolean;
}

/** Streams the lines of a file without loading it whole. */
export async function* readLines(path: string, fromOffset = 0): AsyncGenerator<RawLine> {
  const fs = nodeFs();
  const stream = fs.createReadStream(path, { start: fromOffset, highWaterMark: 1 << 20 });
  let carry: Buffer | undefined;
  let offset = fromOffset;
  const chunks = (async function* () {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    } catch (e) {
      throw new PiiError('AUDIT_SINK_FAILED', 'Cannot read the audit file; check the path and permissions.', {
        cause: e,
      });
    }
  })();
  for await (const chunk of chunks) {
    let buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      yield { text: buf.toString('utf8', start, nl), offset, terminated: true };
      offset += nl + 1 - start;
      start = nl + 1;
    }
    buf = buf.subarray(start);
    carry = buf.length > 0 ? Buffer.from(buf) : undefined;
  }
  if (carry) yield { text: carry.toString('utf8'), offset, terminated: false };
}
