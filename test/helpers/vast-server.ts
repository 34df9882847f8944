// A node:http server on 127.0.0.1 that behaves like the vast.ai instance API, scriptable with faults:
// 429 without Retry-After, 5xx, 401, a request that never answers, and a stop that reports success while
// the instance keeps running. It records every request (so tests can assert "zero provider calls").
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type VastFault =
  | { kind: 'status'; status: number; body?: unknown }
  /** Accept the connection and never answer (the client must time out: see `timeoutSignal`). */
  | { kind: 'hang' };

export interface VastRequestRecord {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  at: number;
}

export interface FakeVast {
  url: string;
  apiKey: string;
  instanceId: string;
  requests: VastRequestRecord[];
  /** The instance's actual_status ("running", "stopped"…); undefined once destroyed. */
  status: string | undefined;
  /** Faults answered, in order, to the next requests (before normal handling). */
  faults: VastFault[];
  /** This many stop requests answer {"success": true} but leave the instance running. */
  ignoreStops: number;
  /** Requests that changed state (PUT/DELETE) that were honoured. */
  stopsHonoured: number;
  /** When the instance actually became stopped (or was destroyed). */
  stoppedAt: number | undefined;
  /**
   * A request timeout for the client under test (the stopper's `timeoutSignal`) that fires exactly when
   * its request hit a 'hang' fault and never otherwise: no timer decides which request times out, so a
   * loaded machine cannot add timeouts. The client sends one request at a time: the latest signal is it.
   */
  timeoutSignal(ms: number): AbortSignal;
  close(): Promise<void>;
}

// Reads a request body as JSON (or text).
function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as unknown) : undefined);
      } catch {
        resolve(text);
      }
    });
  });
}

// Answers with a JSON body.
function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts the fake API on a random loopback port. */
export async function startFakeVast(options: { apiKey?: string; instanceId?: string; status?: string } = {}): Promise<FakeVast> {
  const hanging = new Set<ServerResponse>();
  let latest: AbortController | undefined;
  const fake: FakeVast = {
    url: '',
    apiKey: options.apiKey ?? 'vast-test-key-3f9a8c1d2e',
    instanceId: options.instanceId ?? '4242',
    requests: [],
    status: options.status ?? 'running',
    faults: [],
    ignoreStops: 0,
    stopsHonoured: 0,
    stoppedAt: undefined,
    timeoutSignal: () => {
      latest = new AbortController();
      return latest.signal;
    },
    close: () => Promise.resolve(),
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      fake.requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body, at: Date.now() });
      const fault = fake.faults.shift();
      if (fault?.kind === 'hang') {
        hanging.add(res);
        latest?.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
        return;
      }
      if (fault?.kind === 'status') {
        send(res, fault.status, fault.body ?? { success: false, error: `fault ${fault.status}` });
        return;
      }
      if (req.headers.authorization !== `Bearer ${fake.apiKey}`) {
        send(res, 401, { success: false, error: 'invalid_user_key', msg: 'Invalid user key' });
        return;
      }
      if (path !== `/api/v0/instances/${fake.instanceId}/`) {
        send(res, 404, { success: false, error: 'no_such_instance' });
        return;
      }
      if (fake.status === undefined) {
        send(res, 404, { success: false, error: 'no_such_instance' });
        return;
      }
      if (req.method === 'GET') {
        send(res, 200, { instances: { id: Number(fake.instanceId), actual_status: fake.status, intended_status: fake.status, cur_state: fake.status } });
      } else if (req.method === 'PUT') {
        const state = (body as { state?: unknown } | undefined)?.state;
        if (state !== 'stopped' && state !== 'running') {
          send(res, 400, { success: false, error: 'invalid_args' });
          return;
        }
        if (fake.ignoreStops > 0 && state === 'stopped') fake.ignoreStops--;
        else {
          fake.status = state;
          fake.stopsHonoured++;
          if (state === 'stopped') fake.stoppedAt ??= Date.now();
        }
        send(res, 200, { success: true });
      } else if (req.method === 'DELETE') {
        fake.status = undefined;
        fake.stopsHonoured++;
        fake.stoppedAt ??= Date.now();
        send(res, 200, { success: true });
      } else {
        send(res, 405, { success: false });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
