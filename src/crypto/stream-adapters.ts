// Node.js Transform and WHATWG TransformStream wrappers around StreamSealer / StreamOpener.
import type { Transform } from 'node:stream';
import { PiiError } from '../errors.js';
import type { StreamOpener, StreamSealer } from './stream.js';
import { builtinModule } from '../_internal/builtin.js';

type NodeStream = typeof import('node:stream');

function nodeStream(): NodeStream {
  const m = builtinModule<NodeStream>('node:stream');
  if (!m)
    throw new PiiError('BACKEND_UNAVAILABLE', 'Node streams need Node.js; use the web stream variant here.');
  return m;
}

function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  throw new PiiError(
    'INVALID_ARGUMENT',
    'Blob streams carry bytes (Buffer or Uint8Array), not strings or objects.',
  );
}

/** A Node Transform that seals. `make` runs on the first chunk (it may need to load a key). @internal */
export function nodeSealTransform(make: () => Promise<StreamSealer>): Transform {
  let s: StreamSealer | undefined;
  const ready = async (t: Transform): Promise<StreamSealer> => {
    if (!s) {
      s = await make();
      t.push(s.header);
    }
    return s;
  };
  return new (nodeStream().Transform)({
    transform(chunk, _enc, cb) {
      ready(this)
        .then((x) => {
          for (const c of x.push(asBytes(chunk))) this.push(c);
          cb();
        })
        .catch(cb);
    },
    flush(cb) {
      ready(this)
        .then((x) => {
          for (const c of x.finish()) this.push(c);
          cb();
        })
        .catch(cb);
    },
  });
}

/** A Node Transform that opens. @internal */
export function nodeOpenTransform(o: StreamOpener): Transform {
  return new (nodeStream().Transform)({
    transform(chunk, _enc, cb) {
      o.push(asBytes(chunk))
        .then((out) => {
          for (const c of out) this.push(c);
          cb();
        })
        .catch(cb);
    },
    flush(cb) {
      try {
        this.push(o.finish());
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
}

/** A WHATWG TransformStream that seals. @internal */
export function webSealTransform(make: () => Promise<StreamSealer>): TransformStream<Uint8Array, Uint8Array> {
  let s: StreamSealer | undefined;
  const ready = async (c: TransformStreamDefaultController<Uint8Array>): Promise<StreamSealer> => {
    if (!s) {
      s = await make();
      c.enqueue(s.header);
    }
    return s;
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, c) {
      const x = await ready(c);
      for (const b of x.push(asBytes(chunk))) c.enqueue(b);
    },
    async flush(c) {
      const x = await ready(c);
      for (const b of x.finish()) c.enqueue(b);
    },
  });
}

/** A WHATWG TransformStream that opens. @internal */
export function webOpenTransform(o: StreamOpener): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, c) {
      for (const b of await o.push(asBytes(chunk))) c.enqueue(b);
    },
    flush(c) {
      c.enqueue(o.finish());
    },
  });
}
