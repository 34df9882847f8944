// The vast.ai REST calls the watchdog needs, with capped exponential backoff on 429/5xx/timeouts and a
// clear message on 401/403. fetch is Node's own (undici); a wrapper library would add nothing here.
import { InterupError, registerSecret, retry, type Logger } from '../../util/index.js';
import { retryAfterMs, type BackoffOptions } from '../backoff.js';

export interface VastApiOptions {
  /** API base, e.g. https://console.vast.ai (env VAST_API_URL). */
  apiUrl: string;
  apiKey: string;
  logger: Logger;
  /** Per-request timeout in milliseconds. */
  requestTimeoutMs: number;
  /** Makes each request's timeout signal (default AbortSignal.timeout); tests end a hung request themselves. */
  timeoutSignal?: (ms: number) => AbortSignal;
  backoff: BackoffOptions;
  /** Attempts per request before giving up (429/5xx/timeouts/network). */
  maxAttempts: number;
}

export interface VastResponse {
  status: number;
  body: unknown;
}

const AUTH_HINT =
  'Set CONTAINER_API_KEY (or --api-key) to a valid vast.ai API key. vast.ai sets CONTAINER_ID and ' +
  'CONTAINER_API_KEY for the container\'s main process, but they are not visible inside SSH sessions unless ' +
  'exported (e.g. from /proc/1/environ or the on-start script).';

/** A small vast.ai client: one method that retries what is worth retrying. */
export class VastApi {
  readonly #options: VastApiOptions;

  constructor(options: VastApiOptions) {
    if (!options.apiKey) {
      throw new InterupError('VAST_NO_KEY', 'No vast.ai API key: the watchdog cannot stop the instance.', { hint: AUTH_HINT, exitCode: 2 });
    }
    registerSecret(options.apiKey);
    this.#options = options;
  }

  // Sends one request, retrying 429, 5xx, timeouts and network errors with capped exponential backoff.
  async request(method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal, attempts?: number): Promise<VastResponse> {
    const { apiUrl, apiKey, logger, requestTimeoutMs, backoff } = this.#options;
    const maxAttempts = attempts ?? this.#options.maxAttempts;
    const url = `${apiUrl.replace(/\/+$/, '')}${path}`;
    const once = async (): Promise<VastResponse> => {
      const timeout = (this.#options.timeoutSignal ?? AbortSignal.timeout)(requestTimeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method,
          headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: combined,
        });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw new VastRetry(timeout.aborted ? `no answer within ${requestTimeoutMs} ms` : `network error: ${(error as Error).message}`);
      }
      if (response.status === 401 || response.status === 403) {
        throw new InterupError('VAST_AUTH', `vast.ai refused the API key (HTTP ${response.status} on ${method} ${path}): the key is missing or invalid.`, {
          hint: AUTH_HINT,
        });
      }
      if (response.status === 429 || response.status >= 500) throw new VastRetry(`HTTP ${response.status}`, retryAfterMs(response.headers.get('retry-after')));
      return { status: response.status, body: parseJson(text) };
    };
    try {
      return await retry(once, {
        attempts: maxAttempts,
        baseDelayMs: backoff.baseMs,
        maxDelayMs: backoff.capMs,
        signal,
        isRetryable: (error) => error instanceof VastRetry,
        delayFor: (error) => (error instanceof VastRetry ? error.retryAfterMs : undefined),
        onRetry: (error, attempt, waitMs) =>
          logger.warn(`vast.ai ${method} ${path}: ${(error as Error).message}; retrying in ${waitMs} ms (attempt ${attempt + 1}/${maxAttempts})`),
      });
    } catch (error) {
      if (!(error instanceof VastRetry)) throw error;
      throw new InterupError('VAST_UNAVAILABLE', `vast.ai ${method} ${path} failed ${maxAttempts} times (last: ${error.message}).`, {
        hint: 'The instance may still be running and billing: stop it from the vast.ai console.',
      });
    }
  }
}

// A failure worth another attempt (429, 5xx, timeout, network), with the server's Retry-After if it gave one.
class VastRetry extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

// The body as JSON when it is JSON, else the text (error pages are HTML sometimes).
function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The instance's actual_status from GET /instances/{id}/ ({"instances": {...}} or a bare object);
 *  undefined when the instance is gone (404 or "instances": null). */
export function instanceStatus(response: VastResponse): string | null | undefined {
  if (response.status === 404) return undefined;
  const body = response.body as { instances?: unknown } | undefined;
  let instance: unknown = body && typeof body === 'object' && 'instances' in body ? body.instances : body;
  if (Array.isArray(instance)) instance = instance[0];
  if (!instance || typeof instance !== 'object') return undefined;
  const status = (instance as { actual_status?: unknown }).actual_status;
  return typeof status === 'string' ? status : null;
}
