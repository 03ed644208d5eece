import { BlockList, isIPv4, isIPv6 } from 'node:net';
import * as z from 'zod/mini';
import { text, type FieldError, type LocalizedText } from './localized.js';
import { containsSensitiveNumber } from './mask.js';

export { MAX_WATCHES_PER_NUMBER, WATCH_SECRET_SEAL_SECONDS } from './watch-limits.js';

/**
 * Watch lists: an authorised verifier asks to be told when a notice for a certificate number is published, by a
 * webhook (Standard Webhooks) to its callback URL. Pure rules only: what a watch request may be, which addresses a
 * callback may reach, what a delivery carries. The store keeps a watch under the number's keyed hash, never the number.
 */

/** The request body; the number is then normalized like a single lookup, the URL checked by the rules below. */
function buildWatchRequestSchema() {
  return z.object({
    number: z.string().check(z.minLength(1), z.maxLength(64)),
    callbackUrl: z.string().check(z.minLength(1), z.maxLength(2048)),
  });
}

let schema: ReturnType<typeof buildWatchRequestSchema> | undefined;

/**
 * The schema, built on first use like the declaration schema: one built at import is built at every cold start of
 * every function importing this module (and keeps zod in the bundles of those that never check a watch request).
 */
export function watchRequestSchema(): ReturnType<typeof buildWatchRequestSchema> {
  return (schema ??= buildWatchRequestSchema());
}

export const MAX_CALLBACK_URL_LENGTH = 2048;

/**
 * Where callbacks may go. In AWS only `https` to public addresses. `allowLoopback` is for the local server and
 * tests alone (a receiver on 127.0.0.1, plain `http` too): the Lambda handlers never set it.
 */
export interface CallbackRules {
  readonly allowLoopback: boolean;
}

export const PUBLIC_CALLBACKS: CallbackRules = { allowLoopback: false };

/** What an IP address is, for the purpose of letting the service connect to it. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link_local' | 'shared' | 'unspecified' | 'multicast' | 'reserved' | 'not_an_address';

function blockList(ranges: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  return list;
}

/** IANA special-purpose registries (RFC 6890 and its updates), by what they mean for a callback. */
const V4: Readonly<Record<Exclude<AddressKind, 'public' | 'not_an_address'>, BlockList>> = {
  unspecified: blockList([['0.0.0.0', 8, 'ipv4']]),
  loopback: blockList([['127.0.0.0', 8, 'ipv4']]),
  private: blockList([
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
  ]),
  // 169.254.169.254 is the instance metadata service.
  link_local: blockList([['169.254.0.0', 16, 'ipv4']]),
  // Carrier-grade NAT (RFC 6598).
  shared: blockList([['100.64.0.0', 10, 'ipv4']]),
  multicast: blockList([['224.0.0.0', 4, 'ipv4']]),
  reserved: blockList([
    ['192.0.0.0', 24, 'ipv4'],
    ['192.0.2.0', 24, 'ipv4'],
    ['192.88.99.0', 24, 'ipv4'],
    ['198.18.0.0', 15, 'ipv4'],
    ['198.51.100.0', 24, 'ipv4'],
    ['203.0.113.0', 24, 'ipv4'],
    // 240/4 (future use) and the limited broadcast address.
    ['240.0.0.0', 4, 'ipv4'],
  ]),
};

const V6: Readonly<Record<Exclude<AddressKind, 'public' | 'not_an_address'>, BlockList>> = {
  unspecified: blockList([['::', 128, 'ipv6']]),
  loopback: blockList([['::1', 128, 'ipv6']]),
  // Unique local (fc00::/7; AWS's IPv6 metadata address fd00:ec2::254 is one), and the deprecated site-local fec0::/10.
  private: blockList([
    ['fc00::', 7, 'ipv6'],
    ['fec0::', 10, 'ipv6'],
  ]),
  link_local: blockList([['fe80::', 10, 'ipv6']]),
  // NAT64 (64:ff9b::/96, 64:ff9b:1::/48) reaches IPv4 space this check cannot see through; 6to4 likewise.
  shared: blockList([
    ['64:ff9b::', 96, 'ipv6'],
    ['64:ff9b:1::', 48, 'ipv6'],
    ['2002::', 16, 'ipv6'],
  ]),
  multicast: blockList([['ff00::', 8, 'ipv6']]),
  // IETF protocol assignments (Teredo among them), documentation, discard-only.
  reserved: blockList([
    ['2001::', 23, 'ipv6'],
    ['2001:db8::', 32, 'ipv6'],
    ['3fff::', 20, 'ipv6'],
    ['100::', 64, 'ipv6'],
  ]),
};

/** Global unicast: the only IPv6 space handed out for the public Internet. */
const V6_GLOBAL = blockList([['2000::', 3, 'ipv6']]);
const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

function kindIn(lists: typeof V4, address: string, family: 'ipv4' | 'ipv6'): AddressKind | undefined {
  return (Object.keys(lists) as (keyof typeof V4)[]).find((kind) => lists[kind].check(address, family));
}

/** Classifies an IP address (an IPv4-mapped IPv6 address as the IPv4 address it maps). */
export function classifyAddress(raw: string): AddressKind {
  const address = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (isIPv4(address)) return kindIn(V4, address, 'ipv4') ?? 'public';
  if (!isIPv6(address)) return 'not_an_address';
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_V4.exec(canonical) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(canonical);
  if (mapped) {
    const v4 = mapped[2] === undefined ? mapped[1] ?? '' : hexPairToV4(mapped[1] ?? '', mapped[2]);
    return classifyAddress(v4);
  }
  const kind = kindIn(V6, address, 'ipv6');
  if (kind) return kind;
  return V6_GLOBAL.check(address, 'ipv6') ? 'public' : 'reserved';
}

function hexPairToV4(high: string, low: string): string {
  const h = Number.parseInt(high, 16);
  const l = Number.parseInt(low, 16);
  return [h >> 8, h & 0xff, l >> 8, l & 0xff].join('.');
}

/** Whether the service may connect to `address` under `rules`. */
export function addressAllowed(address: string, rules: CallbackRules): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (rules.allowLoopback && kind === 'loopback');
}

const URL_ERRORS = {
  malformed: text('callbackUrl 须为完整的网址（如 https://example.cn/hooks/shengming）。', 'callbackUrl must be an absolute URL (e.g. https://example.cn/hooks/shengming).'),
  scheme: text('callbackUrl 须使用 https。', 'callbackUrl must use https.'),
  credentials: text('callbackUrl 不能含用户名或密码，请用签名密钥验证来源。', 'callbackUrl must not carry a user name or password; verify the signature instead.'),
  fragment: text('callbackUrl 不能含 # 片段。', 'callbackUrl must not have a #fragment.'),
  personal: text(
    'callbackUrl 不能含身份证号或手机号：网址会被保存并原样列出，请用签名里的 webhook-id 对应您的记录。',
    'callbackUrl must not hold a resident ID or mobile number: the URL is stored and listed as given; match deliveries to your records by their webhook-id instead.',
  ),
  address: text(
    'callbackUrl 的主机须为公网地址：不接受内网、本机、链路本地（含 169.254.169.254）、运营商级 NAT 及保留地址。',
    'The callbackUrl host must be a public address: private, loopback, link-local (169.254.169.254 included), carrier-grade NAT and reserved addresses are refused.',
  ),
  unresolved: text('callbackUrl 的主机名无法解析。', 'The callbackUrl host name does not resolve.'),
} as const;

/** Whether the URL holds an ID or mobile number as written or once percent-decoded (`%33%37…` spells digits). */
function holdsPersonalNumber(raw: string): boolean {
  if (containsSensitiveNumber(raw)) return true;
  try {
    return containsSensitiveNumber(decodeURIComponent(raw));
  } catch {
    return false;
  }
}

export type CallbackUrlCheck =
  | { readonly ok: true; readonly url: URL; readonly host: string; readonly literal: boolean }
  | { readonly ok: false; readonly message: LocalizedText };

/**
 * The URL's form: absolute, `https` (or, with `allowLoopback`, `http` — whose host must then turn out loopback), no
 * user info, no fragment, no resident ID or mobile number (the URL is stored and listed as given). A literal IP host is classified here; a host name once it is resolved (`resolvedCheck`).
 */
export function checkCallbackUrl(raw: string, rules: CallbackRules): CallbackUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: URL_ERRORS.malformed };
  }
  if (url.protocol !== 'https:' && !(rules.allowLoopback && url.protocol === 'http:')) return { ok: false, message: URL_ERRORS.scheme };
  if (url.username !== '' || url.password !== '') return { ok: false, message: URL_ERRORS.credentials };
  if (url.hash !== '' || raw.includes('#')) return { ok: false, message: URL_ERRORS.fragment };
  if (holdsPersonalNumber(raw)) return { ok: false, message: URL_ERRORS.personal };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (host === '') return { ok: false, message: URL_ERRORS.malformed };
  const literal = classifyAddress(host) !== 'not_an_address';
  if (literal) {
    const refusal = resolvedCheck(url, [host], rules);
    if (refusal) return { ok: false, message: refusal };
  }
  return { ok: true, url, host, literal };
}

/**
 * What is wrong with connecting to `url` at `addresses` (every address its host resolves to), or undefined.
 * Every address must be allowed (a name with one private address among public ones is refused), and plain
 * `http` only ever reaches loopback.
 */
export function resolvedCheck(url: URL, addresses: readonly string[], rules: CallbackRules): LocalizedText | undefined {
  if (addresses.length === 0) return URL_ERRORS.unresolved;
  if (!addresses.every((address) => addressAllowed(address, rules))) return URL_ERRORS.address;
  if (url.protocol === 'http:' && !addresses.every((address) => classifyAddress(address) === 'loopback')) return URL_ERRORS.scheme;
  return undefined;
}

export const UNRESOLVED_CALLBACK = URL_ERRORS.unresolved;

const SHAPE_ERRORS = {
  number: text('number 须为要关注的证件号码（文本）。', 'number must be the certificate number to watch, as a string.'),
  callbackUrl: text('callbackUrl 须为接收通知的网址（非空文本）。', 'callbackUrl must be the URL that receives the notices, as a non-empty string.'),
  callbackUrlTooLong: text(`callbackUrl 不能超过 ${MAX_CALLBACK_URL_LENGTH} 个字符。`, `callbackUrl has at most ${MAX_CALLBACK_URL_LENGTH} characters.`),
} as const;

/**
 * The bad fields of a watch request's shape (zod), each named. A number that is a string is left to the lookup's
 * own rules, which come after and say what is wrong with it (empty, too long, control characters …).
 */
export function watchRequestShapeErrors(input: unknown): FieldError[] {
  const parsed = watchRequestSchema().safeParse(input);
  const numberIsText = typeof input === 'object' && input !== null && typeof (input as { number?: unknown }).number === 'string';
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of parsed.error?.issues ?? []) {
    const path = issue.path.map(String).join('.');
    if (seen.has(path) || (path === 'number' && numberIsText)) continue;
    seen.add(path);
    const message = path === 'number' ? SHAPE_ERRORS.number : issue.code === 'too_big' ? SHAPE_ERRORS.callbackUrlTooLong : SHAPE_ERRORS.callbackUrl;
    errors.push({ path, message });
  }
  return errors;
}

/**
 * How a watched number is shown (the watch list, webhooks): its last four characters only (two when it is shorter
 * than eight), so no stored watch item holds the number; the store has its keyed hash for matching.
 */
export function watchDisplayNumber(normalized: string): string {
  const characters = Array.from(normalized);
  const shown = characters.length >= 8 ? 4 : Math.min(2, characters.length - 1);
  return '*'.repeat(characters.length - shown) + characters.slice(characters.length - shown).join('');
}

/** The outbox channel of webhook deliveries. */
export const WEBHOOK_CHANNEL = 'webhook';

/** One delivery per watch and notice: a publication run that resumes or is retried cannot enqueue it twice. */
export function webhookMessageId(watchId: string, noticeNo: string): string {
  return `watch_${watchId}_${noticeNo}`;
}

/** A watch id: 16 random bytes, base64url. */
const WATCH_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function isWatchId(value: string): boolean {
  return WATCH_ID_PATTERN.test(value);
}

/** What a watch's sealed signing secret is bound to: it opens for that watch alone. */
export function watchSecretBinding(watchId: string): { readonly form: string; readonly field: string } {
  return { form: `watch:${watchId}`, field: 'webhook-secret' };
}

/** What the outbox keeps of a webhook delivery; the payload is fixed when it is enqueued, so every retry sends the same bytes. */
export interface WebhookBody {
  readonly keyId: string;
  readonly watchId: string;
  readonly numberHash: string;
  readonly noticeNo: string;
  /** The JSON text POSTed and signed. */
  readonly payload: string;
}

export function webhookBodyOf(body: Record<string, unknown>): WebhookBody | undefined {
  const { keyId, watchId, numberHash, noticeNo, payload } = body;
  const strings = [keyId, watchId, numberHash, noticeNo, payload];
  if (!strings.every((value) => typeof value === 'string' && value !== '')) return undefined;
  return { keyId, watchId, numberHash, noticeNo, payload } as WebhookBody;
}

/** The event type a publication sends (Standard Webhooks' `type`). */
export const NOTICE_PUBLISHED_EVENT = 'notice.published';

/**
 * The signed payload: `{ type, timestamp, data }` as Standard Webhooks recommends; `data` says which watch, the
 * number masked as the public verify API shows it, and the notice as published.
 */
export function noticePublishedPayload(watch: { readonly id: string; readonly maskedNumber: string }, notice: { readonly noticeNo: string }, publishedAt: string): string {
  return JSON.stringify({
    type: NOTICE_PUBLISHED_EVENT,
    timestamp: publishedAt,
    data: { watchId: watch.id, number: watch.maskedNumber, status: 'declared_void', notice },
  });
}

/** How a delivery stands, as its organisation sees it (only deliveries that failed at least once are recorded). */
export type WebhookDeliveryState = 'retrying' | 'dead' | 'delivered';

export interface WebhookDeliveryRecord {
  readonly messageId: string;
  readonly watchId: string;
  readonly noticeNo: string;
  readonly callbackUrl: string;
  readonly state: WebhookDeliveryState;
  readonly attempts: number;
  readonly lastError?: string;
  readonly nextAttemptAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
