/**
 * Serves the production renderer build on 127.0.0.1 (port 0) with the same Content-Security-Policy
 * header main adds to the app's own pages, so the e2e specs see what the app's window sees.
 * Under `/__heron/<token>/` it routes to whatever is mounted for that token: the stand-ins of a
 * worker's tests share one server, and each has its own token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CSP } from '../../electron/main/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** Answers one request under `/__heron/<token>/`; `route` is the rest of the path. Checks who is asking itself. */
export type MountHandler = (req: IncomingMessage, res: ServerResponse, route: string) => void;

export interface StaticServer {
  readonly origin: string;
  /** Routes `/__heron/<token>/…` (any method) to `handler` until the returned function is called. */
  mount(token: string, handler: MountHandler): () => void;
  close(): Promise<void>;
}

const MOUNT_PATH = /^\/__heron\/([^/]+)\/(.*)$/;

export async function startStaticServer(rootDir: string): Promise<StaticServer> {
  const root = path.resolve(rootDir);
  const mounts = new Map<string, MountHandler>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const mounted = MOUNT_PATH.exec(url.pathname);
      if (mounted) {
        const handler = mounts.get(mounted[1] as string);
        if (handler) handler(req, res, mounted[2] as string);
        else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = path.resolve(root, `.${rel}`);
      if (!file.startsWith(root + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': APP_CSP,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server has no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    mount(token, handler) {
      if (mounts.has(token)) throw new Error('static server: this token is already mounted');
      mounts.set(token, handler);
      return () => {
        if (mounts.get(token) === handler) mounts.delete(token);
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
