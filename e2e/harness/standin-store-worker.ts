/**
 * The stand-in's store port in the page (bundled to an IIFE and served under the stand-in's
 * token): Electron hands the window a MessagePort whose other end is main; here a worker of the
 * page's own holds the window's end of a MessageChannel and carries its messages over HTTP to main
 * in the test process (standin-store.ts), in the stand-in's frames (codec.ts). It is a worker so
 * the window's main thread does no more for the store's traffic than in the app, where the port's
 * messages go straight to the store worker.
 *
 *   GET  <base>/store   one stream, never ends: every message main sends, as frames, in order
 *   POST <base>/store   one message the store sends main, as a frame; sent one after another
 */
import { releaseBuffer } from '../../shared/bytes';
import { decodeFrame, encodeFrame, FrameReader } from './codec';

interface Start {
  readonly base: string;
  readonly port: MessagePort;
}

/** Every ArrayBuffer a decoded value holds (the codec gives each segment a buffer of its own). */
function buffersOf(value: unknown, out = new Set<ArrayBuffer>(), depth = 0): Set<ArrayBuffer> {
  if (depth > 64 || typeof value !== 'object' || value === null) return out;
  if (value instanceof Uint8Array) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
    return out;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) buffersOf(item, out, depth + 1);
  return out;
}

globalThis.addEventListener(
  'message',
  (event: MessageEvent<Start>) => {
    const { base, port } = event.data;
    let sending: Promise<unknown> = Promise.resolve();
    port.onmessage = (message: MessageEvent<unknown>) => {
      const body = encodeFrame('store', message.data);
      sending = sending.then(() => fetch(`${base}/store`, { method: 'POST', body, cache: 'no-store' })).catch((error: unknown) => console.error('Heron stand-in: a store message did not reach main:', error));
    };
    void (async () => {
      const response = await fetch(`${base}/store`, { cache: 'no-store' });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.getReader();
      const frames = new FrameReader();
      // The stream's chunks, until every frame that needs them is decoded (a copy): then their
      // memory goes back at once, as it never exists in the app, not at this worker's next GC.
      const held = new Set<ArrayBufferLike>();
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        held.add(chunk.value.buffer);
        for (const frame of frames.push(chunk.value)) {
          const { value } = decodeFrame(frame);
          // Transferred, as Electron's port delivers a message into the store worker's heap alone.
          port.postMessage(value, [...buffersOf(value)]);
        }
        for (const buffer of held) {
          if (frames.holds(buffer)) continue;
          held.delete(buffer);
          releaseBuffer(buffer);
        }
      }
      port.close();
    })().catch((error: unknown) => {
      console.error('Heron stand-in: the store port closed:', error);
      port.close();
    });
  },
  { once: true },
);
