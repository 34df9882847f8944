// A small fault-injecting HTTP proxy on 127.0.0.1 that sits between an S3 client and s3rver: it can reset
// the connection in the middle of a part's body, answer an error instead of forwarding (a 500, a 404 while
// the object exists, B2's 400 "Unsupported header", a 403), flip a byte of a body, throttle request bodies
// to a slow link, hold a request until the test lets it go, or replace the ETag of an answer (forms s3rver cannot produce). Hand-rolled on node:http
// because the faults are specific to S3 requests and no proxy library is installed; it forwards everything
// else unchanged. Used by the upload tests and the watchdog's bucket tests.
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  /** Forward headers and `afterBytes` of the body, then reset both connections. */
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'status'; status: number }
  /** Answer with this status and an S3 XML error (no body for HEAD). */
  | { kind: 'error'; status: number; code: string; message: string }
  /** Forward, but replace the ETag header of the answer. */
  | { kind: 'etag'; etag: string }
  /** Forward the body with one byte changed at `offset` (same length: only a checksum can tell). */
  | { kind: 'corrupt'; offset: number }
  /** Forward the body at about `bytesPerSecond`. */
  | { kind: 'slow'; bytesPerSecond: number }
  /** Hold the request until `until` resolves, then forward it unchanged (a unit caught mid-upload). */
  | { kind: 'hold'; until: Promise<void> };

export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** 1-based count of requests seen so far, this one included. */
  n: number;
}

export interface FaultProxy {
  endpoint: string;
  /** What happened, one line per request ("PUT /b/k?partNumber=1 reset"). */
  log: string[];
  setRule(rule: (info: RequestInfo) => Fault): void;
  stop(): Promise<void>;
}

/** True for an UploadPart request (PUT with partNumber) or a whole-object PUT. */
export function isBodyPut(info: RequestInfo): boolean {
  return info.method === 'PUT' && !info.query.has('uploads');
}

/** Starts a proxy to `target` (http://127.0.0.1:PORT) that applies `rule` to every request. */
export async function startFaultProxy(target: string, rule: (info: RequestInfo) => Fault = () => ({ kind: 'pass' })): Promise<FaultProxy> {
  const upstream = new URL(target);
  const log: string[] = [];
  let n = 0;
  let current = rule;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    n += 1;
    const fault = current({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, n });
    log.push(`${req.method} ${url.pathname}${url.search} ${fault.kind === 'error' ? fault.status : fault.kind}`);
    if (fault.kind === 'status' || fault.kind === 'error') {
      const { status, code, message } = fault.kind === 'error' ? fault : { status: fault.status, code: 'InternalError', message: `injected ${fault.status}` };
      req.resume();
      res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'fault-proxy' });
      res.end(req.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
      return;
    }
    if (fault.kind === 'hold') void fault.until.then(() => forward(req, res, upstream, { kind: 'pass' }));
    else forward(req, res, upstream, fault);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    setRule: (next) => {
      current = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Forwards one request upstream, applying a body fault on the way.
function forward(req: IncomingMessage, res: ServerResponse, upstream: URL, fault: Fault): void {
  const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    const headers = { ...answer.headers };
    if (fault.kind === 'etag') headers.etag = fault.etag;
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  res.on('close', () => {
    if (!res.writableFinished) out.destroy();
  });
  let seen = 0;
  let paused = Promise.resolve();
  req.on('data', (chunk: Buffer) => {
    const start = seen;
    seen += chunk.length;
    if (fault.kind === 'reset') {
      if (seen > fault.afterBytes) {
        out.write(chunk.subarray(0, Math.max(0, fault.afterBytes - start)));
        out.destroy();
        req.socket.destroy();
        return;
      }
      out.write(chunk);
    } else if (fault.kind === 'corrupt' && fault.offset >= start && fault.offset < seen) {
      const copy = Buffer.from(chunk);
      copy[fault.offset - start] = (copy[fault.offset - start] ?? 0) ^ 0xff;
      out.write(copy);
    } else if (fault.kind === 'slow') {
      req.pause();
      const delay = (chunk.length / fault.bytesPerSecond) * 1000;
      paused = paused.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              out.write(chunk);
              req.resume();
              resolve();
            }, delay),
          ),
      );
    } else {
      out.write(chunk);
    }
  });
  req.on('end', () => {
    void paused.then(() => out.end());
  });
  req.on('error', () => out.destroy());
}
