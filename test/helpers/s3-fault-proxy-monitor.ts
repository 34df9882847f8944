// A programmable proxy between the watchdog's S3 client and s3rver, for the faults a bucket shows a
// watchdog: HEAD/list lag (404 while the object exists), flapping, a 400 "Unsupported header
// x-amz-checksum-mode" (as Backblaze B2 answers a default-configured AWS SDK v3), 403, and ETag forms the
// server cannot produce (opaque). Hand-rolled on node:http: the faults are S3-specific and tiny.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type S3Fault =
  | { kind: 'pass' }
  /** Answer with this status and an S3 XML error (no body for HEAD). */
  | { kind: 'error'; status: number; code: string; message: string }
  /** Forward, but replace the ETag header of the answer. */
  | { kind: 'etag'; etag: string };

export interface S3RequestInfo {
  method: string;
  /** /bucket/key (path-style). */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface S3FaultProxy {
  endpoint: string;
  /** One line per request: "HEAD /videos/a.mp4 pass". */
  log: string[];
  setRule(rule: (info: S3RequestInfo) => S3Fault): void;
  stop(): Promise<void>;
}

export const PASS: S3Fault = { kind: 'pass' };
export const NOT_FOUND: S3Fault = { kind: 'error', status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
export const UNSUPPORTED_CHECKSUM_HEADER: S3Fault = {
  kind: 'error',
  status: 400,
  code: 'InvalidArgument',
  message: "Unsupported header 'x-amz-checksum-mode' received for this API call.",
};

/** Starts the proxy in front of `target`; `rule` decides each request's fate. */
export async function startS3FaultProxy(target: string, rule: (info: S3RequestInfo) => S3Fault = () => PASS): Promise<S3FaultProxy> {
  const upstream = new URL(target);
  const log: string[] = [];
  let current = rule;
  const server: Server = createServer((req, res) => {
    const info = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, headers: req.headers };
    const fault = current(info);
    log.push(`${info.method} ${info.path} ${fault.kind === 'error' ? fault.status : fault.kind}`);
    if (fault.kind === 'error') {
      req.resume();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${fault.message}</Message></Error>`;
      res.writeHead(fault.status, { 'content-type': 'application/xml', 'x-amz-request-id': 'fault-proxy' });
      res.end(info.method === 'HEAD' ? undefined : body);
      return;
    }
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      if (fault.kind === 'etag') headers.etag = fault.etag;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
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
