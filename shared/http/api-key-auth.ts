import type { Context, MiddlewareHandler } from 'hono';
import { apiKeyId, type ApiKeyRecord, type KeyRefusal, type LoggedLookup, type OrganisationKind } from '../domain/api-keys.js';
import { shanghaiDateTime } from '../domain/editions.js';
import { ApiKeyRefused, authenticateApiKey, takeQuota, takeQuotaAndLog, type ApiKeyContext, type QuotaRelease, type QuotaShortfall } from '../services/api-keys.js';
import type { AppEnv } from './app.js';
import type { Locale } from './locale.js';
import { HttpProblem } from './problem.js';

export const API_KEY_HEADER = 'x-api-key';

export interface PartnerEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { apiKey: ApiKeyRecord };
}

const REFUSALS: Record<KeyRefusal, { status: number; text: Record<Locale, [string, string]> }> = {
  missing: {
    status: 401,
    text: { 'zh-CN': ['需要 API 密钥', '请在 X-Api-Key 请求头中提供本机构的 API 密钥。'], en: ['API key required', 'Send your organisation’s API key in the X-Api-Key header.'] },
  },
  invalid: {
    status: 401,
    text: { 'zh-CN': ['API 密钥无效', '该 API 密钥无效或已被更换。'], en: ['Invalid API key', 'This API key is not valid (or was rotated).'] },
  },
  revoked: {
    status: 401,
    text: { 'zh-CN': ['API 密钥已停用', '该 API 密钥已被吊销，请联系报社申请新的密钥。'], en: ['API key revoked', 'This API key was revoked; ask the newspaper for a new one.'] },
  },
  wrong_kind: {
    status: 403,
    text: {
      'zh-CN': ['API 密钥类型不符', '该 API 密钥不能用于此操作（查验机构与登报机构的密钥各有用途）。'],
      en: ['Wrong kind of API key', 'This API key may not do this (verifier and agency keys serve different routes).'],
    },
  },
  over_quota: {
    status: 429,
    text: { 'zh-CN': ['已超出每日限额', '本密钥今日的限额已用完，请于北京时间次日零时后重试。'], en: ['Daily quota exceeded', 'This key’s quota for today is used up; retry after midnight (Asia/Shanghai).'] },
  },
};

/** What an over-quota refusal says when it knows the shortfall: units left, not "used up", while some are. */
function shortfallDetail(locale: Locale, { requested, remaining, dailyQuota }: QuotaShortfall, resetsAt: Date): string {
  const resets = shanghaiDateTime(resetsAt);
  if (locale === 'en') {
    return remaining === 0
      ? `This key’s quota for today (${dailyQuota}) is used up; retry after ${resets} (Asia/Shanghai).`
      : `This request needs ${requested} but only ${remaining} of today’s ${dailyQuota} are left: send at most ${remaining}, or retry after ${resets} (Asia/Shanghai). Nothing was counted.`;
  }
  return remaining === 0
    ? `本密钥今日的限额（${dailyQuota} 次）已用完，请于北京时间 ${resets} 后重试。`
    : `本次请求需要 ${requested} 次，本密钥今日只剩 ${remaining} 次（每日 ${dailyQuota} 次）：请减少到 ${remaining} 次以内，或于北京时间 ${resets} 后重试。本次未计数。`;
}

export function apiKeyProblem<E extends AppEnv>(c: Context<E>, refusal: ApiKeyRefused, now: Date): HttpProblem {
  const { status, text } = REFUSALS[refusal.reason];
  const locale = c.get('locale');
  const [title, fixedDetail] = text[locale];
  const { retryAt, shortfall } = refusal;
  const headers: Record<string, string> =
    status === 401
      ? { 'www-authenticate': 'ApiKey header="X-Api-Key"' }
      : retryAt
        ? { 'retry-after': String(Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000))) }
        : {};
  const detail = shortfall && retryAt ? shortfallDetail(locale, shortfall, retryAt) : fixedDetail;
  const extensions = shortfall && retryAt ? { ...shortfall, resetsAt: retryAt.toISOString() } : {};
  return new HttpProblem(status, `api-key-${refusal.reason.replace('_', '-')}`, title, detail, extensions, headers);
}

/** Maps a key refusal thrown while `run` runs to its problem (401, 403 or 429). */
export async function refusingKeys<T, E extends AppEnv>(c: Context<E>, now: () => Date, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (failure) {
    if (failure instanceof ApiKeyRefused) throw apiKeyProblem(c, failure, now());
    throw failure;
  }
}

function authenticate(c: Context<PartnerEnv>, context: ApiKeyContext, kinds: readonly OrganisationKind[]): Promise<ApiKeyRecord> {
  return refusingKeys(c, context.now, () => authenticateApiKey(context, c.req.header(API_KEY_HEADER), kinds));
}

/** Guards keyed routes: the key in `X-Api-Key` must be valid, active and of one of `kinds`; the route may then use it. */
export function requireApiKey(context: ApiKeyContext, kinds: readonly OrganisationKind[]): MiddlewareHandler<PartnerEnv> {
  return async (c, next) => {
    c.set('apiKey', await authenticate(c, context, kinds));
    await next();
  };
}

/**
 * What `requireApiKey` checks, with `work` run while the key is read (one round trip for both, not two): the
 * key's refusal comes first and `work`'s result is then dropped unseen, so `work` may read but must not write.
 * A key that is missing or malformed is refused before `work` starts. In AWS only keys of the usage plan reach
 * the function at all (API Gateway checks them first), so unknown keys cost no reads there.
 */
export async function whileCheckingApiKey<T>(
  c: Context<PartnerEnv>,
  context: ApiKeyContext,
  kinds: readonly OrganisationKind[],
  work: () => Promise<T>,
): Promise<{ key: ApiKeyRecord; result: T }> {
  const key = authenticate(c, context, kinds);
  if (apiKeyId(c.req.header(API_KEY_HEADER)) === undefined) await key;
  const [checked, done] = await Promise.allSettled([key, work()]);
  if (checked.status === 'rejected') throw checked.reason;
  c.set('apiKey', checked.value);
  if (done.status === 'rejected') throw done.reason;
  return { key: checked.value, result: done.value };
}

/** Takes `units` of the request's key's quota for today (429 with Retry-After when they do not fit); resolves to their release. */
export function chargeKey(c: Context<PartnerEnv>, context: ApiKeyContext, units: number): Promise<QuotaRelease> {
  return refusingKeys(c, context.now, () => takeQuota(context, c.get('apiKey'), units));
}

/** Takes a unit of the request's key's quota per lookup and logs them, or neither (429 with Retry-After when they do not fit). */
export async function chargeAndLog(c: Context<PartnerEnv>, context: ApiKeyContext, lookups: readonly LoggedLookup[]): Promise<void> {
  await refusingKeys(c, context.now, () => takeQuotaAndLog(context, c.get('apiKey'), lookups));
}
