import { lookup as dnsLookup } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';

/**
 * HTTP to organisations' callback URLs. Every address a connection may use is checked by `accept` at the moment
 * of connecting (the lookup the socket itself uses), so a host name that resolved to a public address when the
 * watch was made and to a private one now (DNS rebinding) is refused; a literal IP host is checked likewise.
 * Redirects are never followed (node's client does not follow them, and a 3xx is not a 2xx).
 *
 * node:http and node:https are taken with `process.getBuiltinModule` when a callback is sent, not imported: an ES
 * module import of node:http makes Node read every export, and its lazy `WebSocket` getters load Node's whole fetch
 * implementation (undici, nodejs/node#57649) — 20 to 40 ms at every cold start of a function that may never send
 * a callback (docs/BENCHMARKS.md, "Cold start and bundle size").
 */

/** Every address `host` resolves to (none when it does not resolve, or the resolver fails). */
export async function resolveHost(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch (error) {
    // Any resolver failure (no such name, no address, a failing server) leaves the host unusable: a 400, never a 500.
    if (error instanceof Error && 'code' in error) return [];
    throw error;
  }
}

/** A callback's host resolved (now) to an address it may not reach. */
export class CallbackAddressRefused extends Error {
  override readonly name = 'CallbackAddressRefused';
}

/** The callback did not answer within the timeout. */
export class CallbackTimeout extends Error {
  override readonly name = 'CallbackTimeout';
}

function guardedLookup(accept: (addresses: readonly string[]) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true, ...(options.family ? { family: options.family } : {}) }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const first = addresses[0];
      if (!first || !accept(addresses.map((entry) => entry.address))) return callback(new CallbackAddressRefused(), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs `body` to `url` and resolves with the status, or rejects: CallbackAddressRefused, CallbackTimeout (the
 * whole exchange within `timeoutMs`), or the socket's error. The answer's body is read and dropped.
 */
export async function postCallback(
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: string,
  options: { readonly timeoutMs: number; readonly accept: (addresses: readonly string[]) => boolean },
): Promise<number> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) && !options.accept([host])) throw new CallbackAddressRefused();
  const send = url.protocol === 'https:' ? process.getBuiltinModule('node:https').request : process.getBuiltinModule('node:http').request;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    lookup: guardedLookup(options.accept),
    signal,
  };
  return await new Promise<number>((resolve, reject) => {
    const request = send(url, requestOptions, (response: IncomingMessage) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', (error) => reject(signal.aborted ? new CallbackTimeout() : error));
    request.end(body);
  });
}
