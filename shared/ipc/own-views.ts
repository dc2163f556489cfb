/**
 * Byte views made safe to hand across Electron's contextBridge. The bridge passes every typed
 * array to the page by structured-cloning it on its own, whole buffer included (Electron's
 * electron_api_context_bridge.cc: a typed array is neither a plain object nor a plain array, so
 * it is serialized alone). A payload holding views of one buffer would have that whole buffer
 * copied once per view: a batch of 500 messages as views of its 4 MB would cost 2 GB. FetchBatch
 * avoids that by carrying its messages' bytes as one array with offsets; this is the safety net
 * for any payload that does not: before an event crosses the bridge, each view that does not span
 * its whole buffer is copied out into a buffer of its own (every byte copied once). The e2e
 * stand-in applies the same, so the harness pays what the app pays.
 */
const MAX_DEPTH = 64;

/** An object literal's kind (Object.prototype or none): what JSON and the IPC payload walkers descend into. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The payload with every partial view replaced by a copy of its bytes (in place: the payload is the caller's own). */
export function ownViews<T>(payload: T): T {
  return walk(payload, 0) as T;
}

function walk(value: unknown, depth: number): unknown {
  if (value instanceof Uint8Array) {
    return value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
  }
  if (depth >= MAX_DEPTH) return value; // nothing a contract sends nests this deep
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = walk(value[i], depth + 1);
    return value;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = walk(value[key], depth + 1);
    return value;
  }
  return value;
}
