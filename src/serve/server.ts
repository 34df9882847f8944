// The page's HTTP server (node:http, nothing else): the page, its event stream (server-sent events with
// the whole state, at most every 300 ms), the state as JSON and the pictures. Read-only: GET and HEAD only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError } from '../util/index.js';
import { allowed, isLoopback, pageToken, presentedToken, TOKEN_COOKIE } from './access.js';
import type { WatchHub } from './hub.js';
import { renderWatchPage } from './page.js';

/** Routes another layer adds under some paths (the queue's bull-board and manifests), behind the same access check. */
export interface MountedRoutes {
  prefixes: readonly string[];
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Whether they take requests that change something (else only GET and HEAD reach them). */
  writable: boolean;
}

export interface WatchServerOptions {
  hub: WatchHub;
  host: string;
  port: number;
  /** Required off loopback: generated when not given (the caller prints it once). */
  token?: string;
  /** Least milliseconds between two pushes of the state (default 300). */
  pushEveryMs?: number;
  mounts?: readonly MountedRoutes[];
}

export interface WatchServer {
  /** The address to open (with ?token=… when a token is needed). */
  url: string;
  /** The address without the token. */
  base: string;
  port: number;
  token: string | undefined;
  /** Whether the token was generated here (print it once). */
  generatedToken: boolean;
  /** Event streams open now (pages being watched). */
  readers(): number;
  close(): Promise<void>;
}

const HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Starts the page's server. */
export async function startWatchServer(options: WatchServerOptions): Promise<WatchServer> {
  const { token, generated } = pageToken(options.host, options.token);
  const streams = new Set<ServerResponse>();
  const every = options.pushEveryMs ?? 300;
  let pending: NodeJS.Timeout | undefined;
  const push = (): void => {
    pending = undefined;
    const data = `data: ${JSON.stringify(options.hub.snapshot())}\n\n`;
    for (const res of streams) res.write(data);
  };
  const unsubscribe = options.hub.subscribe(() => {
    if (streams.size > 0 && pending === undefined) pending = setTimeout(push, every).unref();
  });
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000).unref();

  const server: Server = createServer((req, res) => {
    handle(req, res, { hub: options.hub, token, streams, mounts: options.mounts ?? [] });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)));
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
  return {
    url: token ? `${base}?token=${encodeURIComponent(token)}` : base,
    base,
    port,
    token,
    generatedToken: generated,
    readers: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        clearInterval(keepAlive);
        if (pending) clearTimeout(pending);
        for (const res of streams) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A port in use or an address this machine does not have is the caller's to fix: one sentence, exit 2.
function listenError(error: NodeJS.ErrnoException, options: WatchServerOptions): Error {
  const where = `${options.host}:${options.port}`;
  if (error.code === 'EADDRINUSE') return new InputError('SERVE_PORT_IN_USE', `Port ${options.port} is already in use on ${options.host}: the watch page cannot listen there.`, { hint: 'Choose another port (0 picks a free one).' });
  if (error.code === 'EACCES') return new InputError('SERVE_PORT_DENIED', `Listening on ${where} is not allowed for this user.`, { hint: 'Choose a port above 1023.' });
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new InputError('SERVE_HOST', `${options.host} is not an address of this machine.`, { hint: 'Use 127.0.0.1 (and a tunnel), 0.0.0.0 for every address, or one that ip addr lists.' });
  return error;
}

interface Routes {
  hub: WatchHub;
  token: string | undefined;
  streams: Set<ServerResponse>;
  mounts: readonly MountedRoutes[];
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse, routes: Routes): void {
  const url = new URL(req.url ?? '/', 'http://page');
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  if (!readOnly && !routes.mounts.some((m) => m.writable && under(url.pathname, m))) {
    send(res, 405, 'text/plain; charset=utf-8', 'This page is read-only.\n', { Allow: 'GET, HEAD' });
    return;
  }
  if (routes.token === undefined && !isLoopback(hostName(req.headers.host))) {
    // Without a token the page answers only to a loopback name: not to a web page that rebinds its own name to
    // 127.0.0.1, nor to a tunnel that publishes the port under another name (that needs --token).
    send(res, 403, 'text/plain; charset=utf-8', 'Without a token this page answers only at 127.0.0.1 or localhost; to reach it under another name (a tunnel), start it with --token or INTERUP_SERVE_TOKEN.\n');
    return;
  }
  const presented = presentedToken(req, url);
  if (!allowed(routes.token, presented)) {
    send(res, 401, 'text/plain; charset=utf-8', 'This page needs its token: open the address interup printed when it started (…/?token=…), or send Authorization: Bearer TOKEN.\n', {
      'WWW-Authenticate': 'Bearer realm="interup"',
    });
    return;
  }
  if (presented?.via === 'query' && url.pathname === '/') {
    // Keep the token in a cookie the page's requests carry, and out of the address bar and history.
    res.writeHead(303, { ...HEADERS, Location: '/', 'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(presented.value)}; HttpOnly; SameSite=Strict; Path=/` });
    res.end();
    return;
  }
  const mounted = routes.mounts.find((m) => under(url.pathname, m));
  if (mounted) mounted.handle(req, res);
  else if (url.pathname === '/') send(res, 200, 'text/html; charset=utf-8', renderWatchPage(routes.hub.snapshot().title));
  else if (url.pathname === '/state.json') send(res, 200, 'application/json', JSON.stringify(routes.hub.snapshot()));
  else if (url.pathname === '/events') openStream(req, res, routes);
  else if (url.pathname.startsWith('/picture/') && url.pathname.endsWith('.png')) {
    const picture = routes.hub.picture(url.pathname.slice('/picture/'.length, -'.png'.length));
    if (picture) send(res, 200, 'image/png', picture.png);
    else send(res, 404, 'text/plain; charset=utf-8', 'No such picture yet.\n');
  } else send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
}

const under = (path: string, mount: MountedRoutes): boolean => mount.prefixes.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));

// The host name of a Host header ('127.0.0.1:8080' → '127.0.0.1', '[::1]:8080' → '[::1]').
function hostName(header: string | undefined): string {
  if (!header) return '';
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0];
}

// Server-sent events: the whole state now, then after each change (throttled by the caller).
function openStream(req: IncomingMessage, res: ServerResponse, routes: Routes): void {
  res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
  res.write(`retry: 2000\ndata: ${JSON.stringify(routes.hub.snapshot())}\n\n`);
  routes.streams.add(res);
  req.on('close', () => routes.streams.delete(res));
}
