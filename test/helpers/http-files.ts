// A real HTTP server on 127.0.0.1 serving test inputs, with scripted misbehaviour per path (500s, a body
// cut short of its Content-Length, 404) so downloads can be tested against the failures they must survive.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  body: Buffer;
  /** Answer the first N requests with HTTP 500. */
  fail500?: number;
  /** Cut the first N responses short (half the body, then destroy the socket). */
  truncate?: number;
  status?: number;
}

export interface FileServer {
  url(path: string): string;
  /** How many requests each path got. */
  hits: Map<string, number>;
  set(path: string, route: Route): void;
  stop(): Promise<void>;
}

/** Starts the server; routes can be added before or after. */
export async function startFileServer(routes: Record<string, Route> = {}): Promise<FileServer> {
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const route = table.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.status) {
      res.writeHead(route.status).end('refused');
      return;
    }
    if (n <= (route.fail500 ?? 0)) {
      res.writeHead(500).end('boom');
      return;
    }
    res.writeHead(200, { 'content-length': route.body.length, 'content-type': 'application/octet-stream' });
    if (n <= (route.fail500 ?? 0) + (route.truncate ?? 0)) {
      res.write(route.body.subarray(0, Math.floor(route.body.length / 2)), () => res.destroy());
      return;
    }
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    set: (path, route) => table.set(path, route),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
