/**
 * Main's end of the stand-in's store port (standin-store-worker.ts is the page's): the store link
 * of main's real services (electron/main/store/link.ts) gets a port whose messages go to the page
 * as frames on one long-lived response, and whose incoming messages are the frames the page POSTs.
 * A page that opens a new stream (a reload) replaces the old port, as a new Electron port does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreLink, StorePort } from '../../electron/main/store/link';
import { decodeFrame, encodeFrameParts } from './codec';

/** A page that has not read this much of its store stream is stuck: the stream is closed. */
const MAX_BACKLOG = 512 * 1024 * 1024;
/** An answer the page sends (a POP state of a large mailbox) is far below this. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface HttpStore {
  /** GET: the page's stream of main's messages; attaches a new port to the link. */
  open(res: ServerResponse): void;
  /** POST: one message from the page to main. */
  receive(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

/** Sees every message on the store port (benches time the commits); never changes them. */
export type StoreObserver = (direction: 'to-store' | 'from-store', message: unknown) => void;

export function httpStore(link: Pick<StoreLink, 'attach'>, observe?: StoreObserver): HttpStore {
  let current: { res: ServerResponse; deliver: (data: unknown) => void } | null = null;

  const portFor = (res: ServerResponse): StorePort => {
    const incoming: Array<(data: unknown) => void> = [];
    const closed: Array<() => void> = [];
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      if (!res.writableEnded) res.end();
      for (const listener of closed.splice(0)) listener();
    };
    res.once('close', close);
    current = { res, deliver: (data) => incoming.forEach((l) => l(data)) };
    return {
      postMessage: (message) => {
        if (!open) return;
        observe?.('to-store', message);
        if (res.writableLength > MAX_BACKLOG) {
          console.warn(`stand-in: the page stopped reading its store stream (${res.writableLength} bytes waiting); closing it`);
          res.destroy();
          return;
        }
        // The batch's bytes are written as they are, not copied into one frame (codec.ts).
        const parts = encodeFrameParts('store', message);
        res.cork();
        for (const part of parts) res.write(part);
        res.uncork();
      },
      onMessage: (listener) => void incoming.push(listener),
      onClose: (listener) => void closed.push(listener),
      close,
    };
  };

  return {
    open(res) {
      // No chunked framing around every segment: the stream's end is the connection's.
      res.useChunkedEncodingByDefault = false;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.flushHeaders();
      link.attach(portFor(res));
    },
    receive(req, res) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk);
      });
      req.once('end', () => {
        if (size > MAX_MESSAGE_BYTES) {
          res.writeHead(413).end();
          return;
        }
        let value: unknown;
        try {
          value = decodeFrame(Buffer.concat(chunks, size)).value;
        } catch (error) {
          res.writeHead(400, { 'Content-Type': 'text/plain' }).end(error instanceof Error ? error.message : String(error));
          return;
        }
        res.writeHead(204).end();
        observe?.('from-store', value);
        // Main checks it (store-port.ts parseFromStore), as it checks what Electron's port brings.
        current?.deliver(value);
      });
    },
    close() {
      current?.res.end();
      current = null;
    },
  };
}
