import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  apiKeyId,
  formatApiKey,
  keyRequest,
  quotaDay,
  verificationLogCsv,
  type ApiKeyRecord,
  type KeyRefusal,
  type LoggedLookup,
  type OrganisationKind,
} from '../domain/api-keys.js';
import { maskedCopy } from '../domain/masked-copy.js';
import type { StoreContext } from '../store/client.js';
import {
  consumeQuota,
  consumeQuotaAndLog,
  releaseQuota,
  getApiKey,
  listApiKeys,
  putNewApiKey,
  readVerificationLog,
  updateActiveApiKey,
  usedToday,
  type StoredApiKey,
} from '../store/api-key-store.js';
import { deleteWatchesOf } from '../store/watch-store.js';

export interface ApiKeyContext {
  readonly store: StoreContext;
  readonly now: () => Date;
  /**
   * Where else a key must be known (in AWS: an API Gateway API key in the usage plan, which throttles and caps it
   * before the app runs). Locally nothing.
   */
  readonly gateway?: ApiKeyGateway;
  /** Local runs: brings in keys `npm run api-key` spooled under DATA_DIR. */
  readonly importPending?: () => Promise<void>;
}

export interface ApiKeyGateway {
  register(key: ApiKeyRecord, plainKey: string): Promise<void>;
  replace(key: ApiKeyRecord, plainKey: string): Promise<void>;
  revoke(key: ApiKeyRecord): Promise<void>;
}

/** A key and its plain value, which exists only in this answer (and the organisation's hands). */
export interface IssuedKey {
  readonly key: ApiKeyRecord;
  readonly apiKey: string;
}

/** For over_quota: what the request asked for against what was left of the day's quota. */
export interface QuotaShortfall {
  readonly requested: number;
  readonly remaining: number;
  readonly dailyQuota: number;
}

export class ApiKeyRefused extends Error {
  override readonly name = 'ApiKeyRefused';
  constructor(
    readonly reason: KeyRefusal,
    /** For over_quota: when the next quota day starts. */
    readonly retryAt?: Date,
    readonly shortfall?: QuotaShortfall,
  ) {
    super(`API key refused: ${reason}`);
  }
}

export class ApiKeyNotFound extends Error {
  override readonly name = 'ApiKeyNotFound';
}

/** Keys have 256 random bits, so one fast hash is enough: nothing to brute-force, unlike a password. */
export function apiKeyHash(plainKey: string): string {
  return createHash('sha256').update(plainKey, 'utf8').digest('base64url');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function publicRecord(stored: StoredApiKey): ApiKeyRecord {
  const { secretHash: _secretHash, ...record } = stored;
  return record;
}

/** A new key for a named organisation (`input` as sent: organisation, kind, dailyQuota), not yet stored. */
export function newApiKey(input: Record<string, unknown>, now: Date, issuedBy: string): { stored: StoredApiKey; key: ApiKeyRecord; apiKey: string } {
  const request = keyRequest(input);
  const id = randomBytes(12).toString('base64url');
  const apiKey = formatApiKey(id, newSecret());
  const key: ApiKeyRecord = { id, ...request, status: 'active', createdAt: now.toISOString(), createdBy: issuedBy };
  return { stored: { ...key, secretHash: apiKeyHash(apiKey) }, key, apiKey };
}

/** Staff issue a key: registered with the gateway first, so a stored key always works there too. */
export async function issueApiKey(context: ApiKeyContext, input: Record<string, unknown>, issuedBy: string): Promise<IssuedKey> {
  const { stored, key, apiKey } = newApiKey(input, context.now(), issuedBy);
  await context.gateway?.register(key, apiKey);
  await putNewApiKey(context.store, stored);
  return { key, apiKey };
}

export async function listKeys(context: ApiKeyContext): Promise<ApiKeyRecord[]> {
  return (await listApiKeys(context.store)).map(publicRecord);
}

/** A new secret for the same key id and organisation: the old value stops working at once. */
export async function rotateApiKey(context: ApiKeyContext, id: string): Promise<IssuedKey> {
  const current = await getApiKey(context.store, id);
  if (!current || current.status !== 'active') throw new ApiKeyNotFound();
  const apiKey = formatApiKey(id, newSecret());
  const rotatedAt = context.now().toISOString();
  await context.gateway?.replace(publicRecord(current), apiKey);
  const rotated = await updateActiveApiKey(context.store, id, { secretHash: apiKeyHash(apiKey), rotatedAt });
  if (!rotated) throw new ApiKeyNotFound();
  return { key: publicRecord(rotated), apiKey };
}

export async function revokeApiKey(context: ApiKeyContext, id: string): Promise<ApiKeyRecord> {
  const revoked = await updateActiveApiKey(context.store, id, { status: 'revoked', revokedAt: context.now().toISOString() });
  if (!revoked) throw new ApiKeyNotFound();
  await context.gateway?.revoke(publicRecord(revoked));
  // A revoked organisation is told nothing more, and its watches stop counting against each number's limit. Should
  // this stop halfway, a watch left behind is still never delivered (webhook-channel checks the key).
  await deleteWatchesOf(context.store, id);
  return publicRecord(revoked);
}

/**
 * The organisation behind a presented key, if the key is valid, active and of one of `kinds`. Refusals in order: missing,
 * invalid (unknown, forged, rotated away), revoked, wrong kind.
 */
export async function authenticateApiKey(
  context: ApiKeyContext,
  presented: string | undefined,
  kinds: readonly OrganisationKind[],
): Promise<ApiKeyRecord> {
  if (presented === undefined || presented.trim() === '') throw new ApiKeyRefused('missing');
  const id = apiKeyId(presented);
  let stored = id ? await getApiKey(context.store, id) : undefined;
  // Read again even when this request found nothing to import: a request presenting the same new key at once may
  // have stored it and emptied the spool in between.
  if (!stored && id && context.importPending) {
    await context.importPending();
    stored = await getApiKey(context.store, id);
  }
  if (!stored || !sameHash(stored.secretHash, apiKeyHash(presented.trim()))) throw new ApiKeyRefused('invalid');
  if (stored.status !== 'active') throw new ApiKeyRefused('revoked');
  if (!kinds.includes(stored.kind)) throw new ApiKeyRefused('wrong_kind');
  return publicRecord(stored);
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function quotaFor(key: ApiKeyRecord, now: Date) {
  const { day, resetsAt } = quotaDay(now);
  return { resetsAt, quota: { day, dailyQuota: key.dailyQuota, expiresAt: Math.floor(resetsAt.getTime() / 1000) } };
}

/**
 * The refusal of `units` that did not fit today, saying how many were left: a batch of 3 with 2 left is told so,
 * not that the quota is used up. The count is read after the refusal, so it may already be lower.
 */
async function overQuota(context: ApiKeyContext, key: ApiKeyRecord, day: string, resetsAt: Date, units: number): Promise<ApiKeyRefused> {
  const used = await usedToday(context.store, key.id, day);
  return new ApiKeyRefused('over_quota', resetsAt, { requested: units, remaining: Math.max(0, key.dailyQuota - used), dailyQuota: key.dailyQuota });
}

/** Gives back units `takeQuota` took (to the day it took them from). */
export type QuotaRelease = () => Promise<void>;

/**
 * Takes `units` (watches made, rows filed) of the key's quota for today, or refuses with when the next day starts;
 * resolves to the release that gives them back if the work they pay for is then not done.
 */
export async function takeQuota(context: ApiKeyContext, key: ApiKeyRecord, units: number): Promise<QuotaRelease> {
  const { quota, resetsAt } = quotaFor(key, context.now());
  if (!(await consumeQuota(context.store, key.id, quota, units))) throw await overQuota(context, key, quota.day, resetsAt, units);
  return () => releaseQuota(context.store, key.id, quota, units);
}

/**
 * Takes one unit of the key's quota for today per lookup and logs the lookups, together or not at all: an answer
 * the organisation is given is always counted and in its log; over quota, refuses with when the next day starts.
 */
export async function takeQuotaAndLog(context: ApiKeyContext, key: ApiKeyRecord, lookups: readonly LoggedLookup[]): Promise<void> {
  const now = context.now();
  const { quota, resetsAt } = quotaFor(key, now);
  if (!(await consumeQuotaAndLog(context.store, key.id, quota, lookups, now))) throw await overQuota(context, key, quota.day, resetsAt, lookups.length);
}

/**
 * What a key's organisation may see of itself: its record masked, as staff typed it (the organisation's name, who
 * issued the key) and may have put a phone number in it.
 */
export async function keyStanding(context: ApiKeyContext, key: ApiKeyRecord): Promise<{ key: ApiKeyRecord; usedToday: number; resetsAt: string }> {
  const { day, resetsAt } = quotaDay(context.now());
  return { key: maskedCopy(key), usedToday: await usedToday(context.store, key.id, day), resetsAt: resetsAt.toISOString() };
}

export async function verificationLog(context: ApiKeyContext, key: ApiKeyRecord, from: string, to: string): Promise<string> {
  return verificationLogCsv(await readVerificationLog(context.store, key.id, from, to));
}
