/**
 * Byte views laid end to end in one buffer: how a batch of fetched mail travels
 * (shared/ipc/mail-batch.ts) and how the store keeps several messages' bytes in one row
 * (renderer/src/data/raw-store.ts). Where the views already tile a buffer, that buffer is used as
 * it is; otherwise the bytes are copied into a new one holding exactly them, so no byte of a
 * neighbour (other mail, a login) ever travels or is stored with them.
 */

/**
 * The one ArrayBuffer that these views cover exactly, back to back in order (every byte of it
 * belongs to exactly one view), or null when they do not.
 */
export function tiledBuffer(views: readonly Uint8Array[]): ArrayBuffer | null {
  const buffer = views[0]?.buffer;
  if (!(buffer instanceof ArrayBuffer)) return null;
  let at = 0;
  for (const v of views) {
    if (v.buffer !== buffer || v.byteOffset !== at) return null;
    at += v.byteLength;
  }
  return at === buffer.byteLength ? buffer : null;
}

/** These views' bytes back to back in one buffer, and where each starts (`tiledBuffer`'s as it is, else a copy). */
export function packBytes(views: readonly Uint8Array[]): { buffer: ArrayBuffer; offsets: number[] } {
  const tiled = tiledBuffer(views);
  if (tiled !== null) return { buffer: tiled, offsets: views.map((v) => v.byteOffset) };
  const bytes = new Uint8Array(views.reduce((n, v) => n + v.byteLength, 0));
  const offsets: number[] = [];
  let at = 0;
  for (const v of views) {
    offsets.push(at);
    bytes.set(v, at);
    at += v.byteLength;
  }
  return { buffer: bytes.buffer, offsets };
}

/**
 * Gives a buffer's memory back now rather than at its context's next garbage collection (a
 * worker that takes in megabytes a second holds hundreds of them dead until then): the buffer is
 * detached, length 0, and every view of it is empty after. Chromium frees it at once
 * (ArrayBuffer.prototype.transfer); elsewhere it is only detached.
 */
export function releaseBuffer(buffer: ArrayBufferLike): void {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  const { transfer } = buffer as { transfer?: (length: number) => ArrayBuffer };
  if (typeof transfer === 'function') transfer.call(buffer, 0);
  else (globalThis as unknown as { structuredClone(value: unknown, options: { transfer: unknown[] }): unknown }).structuredClone(buffer, { transfer: [buffer] });
}
