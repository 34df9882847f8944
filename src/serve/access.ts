// Who may read the page: anyone on loopback (unless a token was given anyway), only a token holder off it.
// The token comes as `Authorization: Bearer …`, as `?token=…` (the address printed at start; the page then
// keeps it in an HttpOnly cookie and drops it from the address bar) or as that cookie.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { InputError } from '../util/index.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
export const TOKEN_COOKIE = 'interup_watch';

/** Whether an address only this machine reaches. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The token the page will ask for: the one given, a new one off loopback (printed once by the caller), or
 * none on loopback. A token on loopback is honoured too.
 */
export function pageToken(host: string, given: string | undefined): { token: string | undefined; generated: boolean } {
  if (given !== undefined) {
    if (given.length < 16 || /\s/.test(given)) {
      throw new InputError('SERVE_TOKEN', 'The watch page token must be at least 16 characters without spaces.', { hint: 'Leave --token out to have one generated.' });
    }
    return { token: given, generated: false };
  }
  if (isLoopback(host)) return { token: undefined, generated: false };
  return { token: randomBytes(24).toString('base64url'), generated: true };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request carries, and where. */
export function presentedToken(req: IncomingMessage, url: URL): { value: string; via: 'header' | 'query' | 'cookie' } | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { value: auth.slice(7).trim(), via: 'header' };
  const query = url.searchParams.get('token');
  if (query) return { value: query, via: 'query' };
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return { value: decodeURIComponent(rest.join('=')), via: 'cookie' };
  }
  return undefined;
}

/** Whether the request may read the page. */
export function allowed(token: string | undefined, presented: { value: string } | undefined): boolean {
  return token === undefined || (presented !== undefined && same(presented.value, token));
}
