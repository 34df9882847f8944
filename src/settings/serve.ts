// Settings of the watch page (`interup serve`, `--serve PORT` on run): where it listens and who may read it.
import { intSetting, numberSetting, textSetting } from './define.js';

/** Serve the watch page on this port while the command works (0: any free port). */
export const serve = intSetting({
  key: 'serve',
  flag: '--serve <port>',
  description: 'serve a read-only page with progress, the latest frame, log lines and results on this port (0: any free one); loopback unless --host',
  min: 0,
  max: 65_535,
  expected: 'a port number from 0 to 65535',
});

/** The port of `interup serve` itself. */
export const servePort = intSetting({
  key: 'port',
  flag: '--port <port>',
  description: 'port to listen on (0: any free one)',
  min: 0,
  max: 65_535,
  default: 8080,
  expected: 'a port number from 0 to 65535',
});

/** The address the page listens on; anything but loopback needs a token. */
export const serveHost = textSetting({
  key: 'host',
  flag: '--host <address>',
  description: 'address the page listens on; any other than loopback requires a token, generated and printed once unless --token or INTERUP_SERVE_TOKEN gives one',
  env: 'INTERUP_SERVE_HOST',
  default: '127.0.0.1',
  expected: 'an address such as 127.0.0.1 or 0.0.0.0',
});

/** The token a reader must present off loopback (Authorization: Bearer, ?token=, or the cookie the page sets). */
export const serveToken = textSetting({
  key: 'token',
  flag: '--token <token>',
  description: 'token the page asks for (at least 16 characters; prefer the env var: flags show in ps)',
  env: 'INTERUP_SERVE_TOKEN',
  expected: 'a token of at least 16 characters without spaces',
  check: (v) => v.length >= 16 && !/\s/.test(v),
});

/** How long the page stays up after the command's work ends, so the result can still be looked at. */
export const serveLinger = numberSetting({
  key: 'serveLinger',
  flag: '--serve-linger <seconds>',
  description: 'keep the page up this many seconds after the work ends (the result, its checks and the compare stay visible; Ctrl-C ends it sooner)',
  env: 'INTERUP_SERVE_LINGER',
  min: 0,
  max: 7 * 86_400,
  default: 0,
  expected: 'a number of seconds from 0 to 604800',
});
